// Hand-written tests of the C++ schema parser, blob codec and arena. Build (from the repo root):
//   g++ -std=c++17 -O1 -I pools/cpp pools/cpp/tests/test_main.cpp -o /tmp/mlc-cpp-test && /tmp/mlc-cpp-test
// `test_main release PREFIX RELPTR` reads the Str blob at RELPTR, prints it and releases the block
// (the Bun test uses this to check a release by a C++ process). `test_main hold PREFIX SLOT` allocates
// a block, prints "ready" and sleeps (the crash test kills it). `test_main alloc PREFIX SIZE...` allocates each size,
// touches its last byte and prints "ok SIZE" or "error: MESSAGE" (the limit tests use it).
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sys/stat.h>

#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "check.hpp"
#include "morloc/arena.hpp"
#include "morloc/bell.hpp"
#include "morloc/value.hpp"

using namespace morloc;

static size_t schema_error_at(const std::string& text) {
  try {
    parse_schema(text);
  } catch (const SchemaError& e) {
    return e.position;
  }
  return size_t(-1);
}

// generated record codecs check the field count through expect_fields
static void record_fields() {
  Schema s = parse_schema("m2:1:ai81:bs");
  expect_fields(s, 2, "P");
  std::string msg;
  try {
    expect_fields(s, 3, "Person");
  } catch (const ValueError& e) {
    msg = e.what();
  }
  CHECK(msg == "the record Person has 3 fields, the schema 2");
}

static void schemas() {
  CHECK_EQ(schema_error_at("x"), 0u);
  CHECK_EQ(schema_error_at("i3"), 1u);
  CHECK_EQ(schema_error_at("t2:i8"), 5u);
  CHECK_EQ(schema_error_at("m1:9:ab"), 3u);
  CHECK_EQ(schema_error_at("af8z"), 3u);
  CHECK_EQ(schema_error_at("m2:1:ai81:ab"), 10u);
  Schema s = parse_schema("t3:bf8s");
  CHECK(s.width == 32 && s.offsets[1] == 8 && s.offsets[2] == 16);
  CHECK_EQ(schema_to_string(parse_schema("m2:4:names3:agei8")), std::string("m2:4:names3:agei8"));
  CHECK_EQ(parse_schema("t70:" + std::string(70, 'b')).width, 70u);
}

static void values() {
  // integers are range-checked in both directions
  Schema i8 = parse_schema("i8"), i1 = parse_schema("i1"), u2 = parse_schema("u2");
  auto big = encode<int64_t>(i8, int64_t(1) << 40);
  CHECK_THROWS(decode<int>(i8, big));
  CHECK_EQ(decode<int64_t>(i8, big), int64_t(1) << 40);
  CHECK_THROWS(encode<int>(i1, 128));
  CHECK_EQ(decode<int>(i1, encode<int>(i1, -128)), -128);
  CHECK_THROWS(encode<int>(u2, -1));
  CHECK_THROWS(decode<uint8_t>(u2, encode<int>(u2, 300)));
  CHECK_EQ(decode<long>(parse_schema("u8"), encode<uint64_t>(parse_schema("u8"), 7)), 7);
  CHECK_THROWS(decode<int64_t>(parse_schema("u8"), encode<uint64_t>(parse_schema("u8"), ~uint64_t(0))));
  // kinds must match
  CHECK_THROWS(encode<std::string>(i8, "x"));
  CHECK_THROWS(decode<double>(i8, big));
  CHECK_THROWS((encode<std::tuple<int, int>>(parse_schema("t3:i8i8i8"), {1, 2})));
  // the reference's ["ab","cd"] example
  auto as = encode<std::vector<std::string>>(parse_schema("as"), {"ab", "cd"});
  CHECK_EQ(check::hex(as), std::string("0200000000000000100000000000000002000000000000003000000000000000"
                                       "0200000000000000320000000000000061626364"));
  // int and float element types convert element by element; exact types copy whole
  Schema af8 = parse_schema("af8"), ai4 = parse_schema("ai4");
  std::vector<double> xs(1000000);
  for (size_t k = 0; k < xs.size(); k++) xs[k] = double(k) * 0.5;
  auto blob = encode(af8, xs);
  CHECK_EQ(blob.size(), 64u + 8000000u);
  CHECK(decode<std::vector<double>>(af8, blob) == xs);
  auto fl = decode<std::vector<float>>(af8, encode<std::vector<double>>(af8, {1.5, 2.25}));
  CHECK(fl.size() == 2 && fl[1] == 2.25f);
  CHECK((decode<std::vector<long>>(ai4, encode<std::vector<int>>(ai4, {1, -2, 3})) == std::vector<long>{1, -2, 3}));
  CHECK_THROWS(encode<std::vector<long>>(ai4, {1L << 40}));
  // bool, optional, unit, records as tuples
  Schema ab = parse_schema("ab");
  CHECK((decode<std::vector<bool>>(ab, encode<std::vector<bool>>(ab, {true, false})) == std::vector<bool>{true, false}));
  Schema opt = parse_schema("a?s");
  std::vector<std::optional<std::string>> os{std::string("x"), std::nullopt};
  CHECK(decode<std::vector<std::optional<std::string>>>(opt, encode(opt, os)) == os);
  Schema person = parse_schema("m2:4:names3:agei8");
  auto pb = encode(person, std::tuple<std::string, int>{"bob", 3});
  CHECK_EQ(check::hex(pb), std::string("030000000000000018000000000000000300000000000000626f62"));
  CHECK((decode<std::tuple<std::string, int>>(person, pb) == std::tuple<std::string, int>{"bob", 3}));
  CHECK(encode(parse_schema("z"), mlc::Unit{}).empty());
  // bad blobs
  CHECK_THROWS(decode<std::string>(parse_schema("s"), std::vector<uint8_t>{5, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 'a'}));
  CHECK_THROWS(decode<bool>(parse_schema("b"), std::vector<uint8_t>{2}));
  CHECK_THROWS(decode<int64_t>(i8, std::vector<uint8_t>{0}));
  CHECK_THROWS(decode<std::vector<double>>(af8, std::vector<uint8_t>(16, 0xff)));
}

static bool exists(const std::string& name) {
  struct stat sb;
  return stat(("/dev/shm/" + name).c_str(), &sb) == 0;
}

static void arena() {
  std::string prefix = "mlc-" + std::to_string(getpid()) + "-cpptest";
  {
    Arena a = Arena::create(prefix, 2);
    Block x = a.alloc(100);
    CHECK(x.relptr % 64 == 0 && (x.relptr >> 48) == 512);
    CHECK(reinterpret_cast<uintptr_t>(x.data) % 64 == 0);
    x.data[99] = 42;
    CHECK_EQ(a.length(x.relptr), 100u);
    CHECK_EQ(a.read(x.relptr)[99], 42);
    Block y = a.alloc(10);
    a.release(x.relptr);
    CHECK_THROWS(a.release(x.relptr));
    CHECK_EQ(a.alloc(100).relptr, x.relptr);  // reused
    a.release(y.relptr);
    for (int k = 0; k < 3000; k++) a.release(a.alloc(1000 + (k % 5) * 700).relptr);
    CHECK(exists(prefix + "/2-0") && !exists(prefix + "/2-1"));  // a steady loop stays in one volume
    Block big = a.alloc(3 << 20);
    CHECK_EQ(big.relptr >> 48, 513u);
    big.data[(3 << 20) - 1] = 7;
    CHECK(exists(prefix + "/2-1"));
    CHECK_THROWS(a.read(12345));
    CHECK_THROWS(a.read((uint64_t(9) << 48) | 128));
    CHECK_THROWS(Arena::create("bad/name", 1));
  }  // the destructor closes and unlinks
  CHECK(!exists(prefix + "/2-0") && !exists(prefix + "/2-1") && !exists(prefix));  // the folder goes too
}

// Walk every block header of a volume file: they must tile it exactly (docs/arena.md §3.4).
static bool walk_ok(const std::string& name) {
  FILE* f = std::fopen(("/dev/shm/" + name).c_str(), "rb");
  if (!f) return false;
  std::vector<uint8_t> b;
  uint8_t chunk[65536];
  for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;) b.insert(b.end(), chunk, chunk + n);
  std::fclose(f);
  size_t at = 64;
  while (at < b.size()) {
    uint32_t magic, state;
    uint64_t len, size;
    std::memcpy(&magic, &b[at], 4), std::memcpy(&state, &b[at + 4], 4);
    std::memcpy(&len, &b[at + 8], 8), std::memcpy(&size, &b[at + 16], 8);
    if (magic != Arena::BLOCK_MAGIC || state > 2 || size < 64 || size % 64 || at + size > b.size() || len > size - 64) return false;
    at += size;
  }
  return at == b.size();
}

// Several threads of one process allocate, write a stamp and release at once; every block they hold
// at the same time must be distinct and keep its stamp.
static void threads() {
  std::string prefix = "mlc-" + std::to_string(getpid()) + "-cppthreads";
  Arena a = Arena::create(prefix, 4);
  std::atomic<int> bad{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; t++) {
    ts.emplace_back([&, t] {
      std::mt19937_64 rng(t + 1);
      std::vector<Block> held;
      for (int k = 0; k < 20000; k++) {
        size_t n = 16 + rng() % 3000;
        Block b = a.alloc(n);
        std::memcpy(b.data, &b.relptr, 8);
        std::memcpy(b.data + n - 8, &b.relptr, 8);
        held.push_back(b);
        if (held.size() > 32 || rng() % 2) {
          size_t i = rng() % held.size();
          Block h = held[i];
          uint64_t x, y;
          size_t len = a.length(h.relptr);
          std::memcpy(&x, a.read(h.relptr), 8);
          std::memcpy(&y, a.read(h.relptr) + len - 8, 8);
          if (x != h.relptr || y != h.relptr) bad++;
          a.release(h.relptr);
          held.erase(held.begin() + long(i));
        }
      }
      for (Block h : held) a.release(h.relptr);
    });
  }
  for (auto& t : ts) t.join();
  CHECK_EQ(bad.load(), 0);
  a.release(a.alloc(1).relptr);  // collects every released block
  CHECK_EQ(a.outstanding_blocks(), 1u);
  for (auto& name : a.own_volumes()) CHECK(walk_ok(name));
}

// A million alloc/release cycles at varied sizes (a few blocks held at a time) keep the same volumes.
static void flat_footprint() {
  Arena a = Arena::create("mlc-" + std::to_string(getpid()) + "-cppflat", 5);
  std::mt19937_64 rng(7);
  std::vector<uint64_t> window;
  size_t volumes = 0, mapped = 0;
  for (int k = 0; k < 1000000; k++) {
    window.push_back(a.alloc(rng() % 20000).relptr);
    if (window.size() > 8) {
      a.release(window.front());
      window.erase(window.begin());
    }
    if (k == 10000) volumes = a.own_volumes().size(), mapped = a.mapped_bytes();
  }
  CHECK_EQ(a.own_volumes().size(), volumes);
  CHECK_EQ(a.mapped_bytes(), mapped);
  CHECK(a.outstanding_blocks() <= 9);
}

// A value larger than the limit (MORLOC_ARENA_MAX or the option) is a clear error, not a crash.
static void limits() {
  std::string prefix = "mlc-" + std::to_string(getpid()) + "-cpplimit";
  Arena a = Arena::create(prefix, 6, 3 << 20);
  Block b = a.alloc(500000);
  std::string msg;
  try {
    a.alloc(4 << 20);
  } catch (const ArenaError& e) {
    msg = e.what();
  }
  CHECK(msg.find("limit is 3145728 bytes (MORLOC_ARENA_MAX)") != std::string::npos);
  Block c = a.alloc(1500000);  // the second volume is cut to what the limit leaves
  CHECK_EQ(c.relptr >> 48, 6u * 256 + 1);
  CHECK_EQ(a.mapped_bytes(), size_t(3) << 20);
  CHECK_THROWS(a.alloc(size_t(1) << 50));
  a.release(b.relptr);
  CHECK_EQ(arena_limit("64M"), size_t(64) << 20);
  CHECK_EQ(arena_limit(""), std::numeric_limits<size_t>::max());
  CHECK_THROWS(arena_limit("12X"));
}

// A post wakes the peer as its sleep flag asks: flag 2 (the R pool, asleep in poll()) gets one byte
// on the connection instead of FUTEX_WAKE; flag 0 gets nothing.
static void bell_nudge() {
  std::string prefix = "mlc-" + std::to_string(getpid()) + "-bellnudge";
  Arena a = Arena::create(prefix, 3);
  int sv[2];
  CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  Block b = a.alloc(bell::CHANNEL_SIZE);
  bell::Channel::reset(b.data);
  bell::Channel ch(b.data, sv[0]);
  std::vector<uint8_t> msg(40, 7);
  char got[16];
  ch.respond(a, msg);
  CHECK(::recv(sv[1], got, sizeof got, MSG_DONTWAIT) < 0 && errno == EAGAIN);
  reinterpret_cast<uint32_t*>(b.data + bell::RESP_SLEEP)[0] = bell::SLEEP_POLL;
  ch.respond(a, msg);
  CHECK(::recv(sv[1], got, sizeof got, MSG_DONTWAIT) == 1 && got[0] == 0);
  CHECK(reinterpret_cast<uint32_t*>(b.data + bell::RESP)[0] == 2);
  close(sv[0]);
  close(sv[1]);
}

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "hold") {
    Arena a = Arena::create(argv[2], unsigned(std::atoi(argv[3])));
    a.alloc(100);
    std::cout << "ready" << std::endl;
    sleep(60);
    return 0;
  }
  if (argc >= 3 && std::string(argv[1]) == "alloc") {
    Arena a = Arena::create(argv[2], 1);
    for (int k = 3; k < argc; k++) {
      size_t n = std::strtoull(argv[k], nullptr, 10);
      try {
        Block b = a.alloc(n);
        if (n) b.data[n - 1] = 1;
        std::cout << "ok " << n << std::endl;
      } catch (const ArenaError& e) {
        std::cout << "error: " << e.what() << std::endl;
      }
    }
    return 0;
  }
  if (argc == 4 && std::string(argv[1]) == "release") {
    Arena a = Arena::create(argv[2], 9);
    uint64_t r = std::strtoull(argv[3], nullptr, 10);
    std::cout << decode<std::string>(parse_schema("s"), a.read(r), a.length(r)) << std::endl;
    a.release(r);
    return 0;
  }
  schemas();
  record_fields();
  values();
  arena();
  threads();
  flat_footprint();
  limits();
  bell_nudge();
  return check::finish();
}
