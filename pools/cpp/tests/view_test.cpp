// Tests of mlc::view (pools/cpp/morloc/view.hpp): the container, its codec (same bytes and bits as
// std::vector), and its lifetime in a served call (a lent arena block is released when the
// manifold returns, never before, and none is left after many calls). Run by tests/shm/cpp.test.ts.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <unistd.h>

#include "check.hpp"
#include "morloc/pool.hpp"

using namespace morloc;
using mlc::view;

static std::vector<double> specials(size_t n) {
  static const double base[9] = {std::numeric_limits<double>::quiet_NaN(), HUGE_VAL, -HUGE_VAL, -0.0, 0.0, 1.5, -2.25, 1e308, 5e-324};
  std::vector<double> xs(n);
  for (size_t i = 0; i < n; i++) xs[i] = i % 9 < 5 ? base[i % 9] : base[i % 9] * double(i + 1);
  return xs;
}

template <class A, class B>
static bool same_bits(const A& a, const B& b) {
  return a.size() == b.size() && (a.size() == 0 || std::memcmp(a.data(), b.data(), a.size() * sizeof(a[0])) == 0);
}

static void container() {
  view<double> e;
  CHECK(e.empty() && e.size() == 0 && e.begin() == e.end());
  view<double> v = std::vector<double>{3, 1, 2};  // a function may return a vector where a view is due
  CHECK(v.owns() && v.size() == 3 && v[0] == 3 && v.back() == 2);
  double sum = 0;
  for (double x : v) sum += x;
  CHECK_EQ(sum, 6.0);
  CHECK_EQ(std::accumulate(v.begin(), v.end(), 0.0), 6.0);
  CHECK_EQ(*std::max_element(v.begin(), v.end()), 3.0);
  std::vector<double> sorted = v;  // a copy to keep, or to change
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted == (std::vector<double>{1, 2, 3}) && v[0] == 3);
  view<double> w = v;  // copies share the numbers
  CHECK(w.data() == v.data() && w == v);
  w.push_back(4);  // building takes a private copy first
  CHECK(w.size() == 4 && v.size() == 3 && w.data() != v.data() && v < w);
  view<int64_t> lit{7};
  CHECK(lit.size() == 1 && lit[0] == 7);
  CHECK_THROWS(lit.at(1));
  double raw[2] = {1, 2};
  view<double> b = view<double>::borrow(raw, 2);
  CHECK(!b.owns() && b.data() == raw);
  view<double> c = b;
  c.push_back(3);
  CHECK(c.owns() && c.size() == 3 && b.data() == raw && b.size() == 2);
  // non-numeric elements: a std::vector by another name
  view<std::string> ss{"a", "b"};
  const std::vector<std::string>& base = ss;
  CHECK(base.size() == 2 && base[1] == "b");
  CHECK_EQ(morloc::list_at(v, -1, "f"), 2.0);
  CHECK(morloc::list_slice(v, false, 0, false, 0, true, -1, "f") == (std::vector<double>{2, 1, 3}));
}

static void codec() {
  Schema af8 = parse_schema("af8"), af4 = parse_schema("af4"), ai4 = parse_schema("ai4"), ai8 = parse_schema("ai8");
  for (size_t n : {0, 1, 9, 8183, 8184, 8185, 8191, 8192, 8193, 20000}) {
    std::vector<double> xs = specials(n);
    view<double> v = xs;
    auto blob = encode(af8, xs);
    CHECK(encode(af8, v) == blob);
    CHECK_EQ(encoded_size(af8, v), blob.size());
    std::vector<uint8_t> block(blob.size(), 0xAB);  // encode_into a block of garbage
    CHECK_EQ(encode_into(af8, v, block.data(), block.size()), blob.size());
    CHECK(block == blob);
    view<double> copied = decode<view<double>>(af8, blob);  // no lending: a copy
    CHECK(same_bits(copied, xs) && (n == 0 || copied.owns()));
    bool lent = false;
    view<double> over = decode_lending<view<double>>(af8, blob.data(), blob.size(), &lent);
    CHECK(same_bits(over, xs) && lent == (n > 0) && (n == 0 || over.data() == reinterpret_cast<const double*>(blob.data() + 64)));
  }
  // other widths: exact ones are lent, others convert element by element with range checks
  std::vector<int32_t> small{1, -2, 2147483647};
  auto b4 = encode(ai4, small);
  bool lent = false;
  CHECK(same_bits(decode_lending<view<int32_t>>(ai4, b4.data(), b4.size(), &lent), small) && lent);
  view<int64_t> wide = decode<view<int64_t>>(ai4, b4);
  CHECK(wide.size() == 3 && wide[1] == -2 && wide[2] == 2147483647);
  CHECK(encode(ai4, wide) == b4);
  CHECK_THROWS(encode(ai4, view<int64_t>{int64_t(1) << 40}));
  CHECK_THROWS(decode<view<int8_t>>(ai4, b4));
  view<float> fl{1.5f, -0.0f};
  CHECK(encode(af4, fl) == encode(af4, std::vector<float>{1.5f, -0.0f}));
  CHECK(decode<view<double>>(af4, encode(af4, fl))[0] == 1.5);
  CHECK(decode<view<int64_t>>(ai8, encode(ai8, std::vector<int64_t>{std::numeric_limits<int64_t>::min()}))[0] == std::numeric_limits<int64_t>::min());
  CHECK_THROWS(decode<view<double>>(af8, std::vector<uint8_t>(16, 0xff)));
  // nested: lists of lists and tuples holding lists; the inner numeric lists are lent too
  Schema aaf8 = parse_schema("aaf8"), tup = parse_schema("t2:saf8");
  std::vector<std::vector<double>> nested{{1, 2}, {}, specials(100)};
  auto bn = encode(aaf8, nested);
  view<view<double>> vn = nested;
  CHECK(encode(aaf8, vn) == bn && encoded_size(aaf8, vn) == bn.size());
  lent = false;
  auto back = decode_lending<view<view<double>>>(aaf8, bn.data(), bn.size(), &lent);
  CHECK(lent && back.size() == 3 && !back[0].owns() && same_bits(back[2], nested[2]) && back[1].empty());
  auto bt = encode(tup, std::tuple<std::string, std::vector<double>>{"x", {1, 2, 3}});
  lent = false;
  auto t = decode_lending<std::tuple<std::string, view<double>>>(tup, bt.data(), bt.size(), &lent);
  CHECK(lent && std::get<0>(t) == "x" && std::get<1>(t) == (view<double>{1, 2, 3}));
  CHECK(encode(tup, t) == bt);
}

static uint32_t block_state(Arena& a, uint64_t relptr) {
  uint32_t s;
  std::memcpy(&s, a.read(relptr) - Arena::HEADER + 4, 4);
  return s;
}

// A packet that carries `blob` through a fresh arena block, as a sending pool makes it.
static Packet arena_packet(Arena& a, const std::vector<uint8_t>& blob, uint64_t& relptr) {
  Block b = a.alloc(blob.size());
  std::memcpy(b.data, blob.data(), blob.size());
  relptr = b.relptr;
  Packet p;
  p.kind = DATA;
  p.format = FMT_VALUE;
  p.source = SRC_ARENA;
  p.metadata = "af8";
  p.payload.resize(16);
  detail::put_u64(p.payload.data(), b.relptr);
  detail::put_u64(p.payload.data() + 8, blob.size());
  return p;
}

static void lifetime() {
  Arena& a = detail::arena();
  Schema af8 = parse_schema("af8");
  std::vector<double> xs = specials(20000);
  auto blob = encode(af8, xs);
  uint64_t relptr = 0;
  bool inside = false, kept = false;
  Manifold len = manifold(
      [&](view<double> v) {
        const uint8_t* base = a.read(relptr);
        inside = reinterpret_cast<const uint8_t*>(v.data()) >= base && reinterpret_cast<const uint8_t*>(v.data()) < base + blob.size();
        kept = block_state(a, relptr) == Arena::IN_USE;  // lent, not yet released
        return int64_t(v.size());
      },
      "i8", {"af8"});
  Packet r = len.call({arena_packet(a, blob, relptr)}, 1);
  CHECK(inside && kept);
  CHECK_EQ(from_packet<int64_t>(r, "i8"), 20000);
  CHECK_EQ(block_state(a, relptr), Arena::RELEASED);  // released once the manifold returned

  // returning the argument unchanged sends its block back, uncopied: the receiver frees it
  Manifold ident = manifold([](view<double> v) { return v; }, "af8", {"af8"});
  Packet back = ident.call({arena_packet(a, blob, relptr)}, 2);
  CHECK(back.source == SRC_ARENA && detail::get_u64(back.payload.data()) == relptr);
  CHECK_EQ(block_state(a, relptr), Arena::IN_USE);
  CHECK(same_bits(from_packet<std::vector<double>>(back, "af8"), xs));
  CHECK_EQ(block_state(a, relptr), Arena::RELEASED);
  // part of it is encoded (into its own block) before the argument's block goes
  Manifold tail = manifold([](view<double> v) { return view<double>::borrow(v.data() + 1, v.size() - 1); }, "af8", {"af8"});
  back = tail.call({arena_packet(a, blob, relptr)}, 2);
  CHECK(back.source == SRC_ARENA && detail::get_u64(back.payload.data()) != relptr && block_state(a, relptr) == Arena::RELEASED);
  CHECK(same_bits(from_packet<std::vector<double>>(back, "af8"), std::vector<double>(xs.begin() + 1, xs.end())));
  // integers too
  Manifold ints = manifold([](view<int64_t> v) { return v; }, "ai8", {"ai8"});
  auto iblob = encode(parse_schema("ai8"), std::vector<int64_t>(10000, -3));
  back = ints.call({arena_packet(a, iblob, relptr)}, 2);
  CHECK(detail::get_u64(back.payload.data()) == relptr);
  CHECK(from_packet<std::vector<int64_t>>(back, "ai8") == std::vector<int64_t>(10000, -3));

  // a failing manifold releases too
  Manifold bad = manifold([](view<double>) -> int64_t { throw std::runtime_error("no"); }, "i8", {"af8"});
  CHECK_THROWS(bad.call({arena_packet(a, blob, relptr)}, 3));
  CHECK_EQ(block_state(a, relptr), Arena::RELEASED);

  // an inline argument is copied (the packet buffer is reused)
  bool owned = false;
  Manifold own = manifold([&](view<double> v) { return owned = v.owns(), int64_t(v.size()); }, "i8", {"af8"});
  Packet small;
  small.kind = DATA, small.format = FMT_VALUE, small.source = SRC_INLINE, small.metadata = "af8";
  small.payload = encode(af8, specials(5));
  CHECK_EQ(from_packet<int64_t>(own.call({small}, 4), "i8"), 5);
  CHECK(owned);

  // outside a served call nothing is lent: the value is a copy and the block goes at once
  view<double> out = from_packet<view<double>>(arena_packet(a, blob, relptr), "af8");
  CHECK(out.owns() && same_bits(out, xs) && block_state(a, relptr) == Arena::RELEASED);

  // no block left after many large calls: the arena stays one volume and every block is freed
  size_t mapped = a.mapped_bytes();
  int held = 0;
  for (int k = 0; k < 10000; k++) {
    len.call({arena_packet(a, blob, relptr)}, 5);
    if (block_state(a, relptr) != Arena::RELEASED) held++;
  }
  CHECK_EQ(held, 0);
  CHECK_EQ(a.mapped_bytes(), mapped);
  a.alloc(8);  // collects the released blocks
  CHECK(a.outstanding_blocks() <= 2);
}

int main() {
  std::string prefix = "mlc-" + std::to_string(getpid()) + "-cppview";
  setenv("MORLOC_ARENA", prefix.c_str(), 1);
  setenv("MORLOC_SLOT", "3", 1);
  for (auto [name, test] : {std::pair{"container", container}, {"codec", codec}, {"lifetime", lifetime}}) {
    try {
      test();
    } catch (const std::exception& e) {
      check::report(false, std::string(name) + ": " + e.what(), __FILE__, __LINE__);
    }
  }
  detail::arena().close();
  return check::finish();
}
