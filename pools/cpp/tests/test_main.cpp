// Hand-written tests of the C++ schema parser, blob codec and arena. Build (from the repo root):
//   g++ -std=c++17 -O1 -I pools/cpp pools/cpp/tests/test_main.cpp -o /tmp/mlc-cpp-test && /tmp/mlc-cpp-test
// `test_main release PREFIX RELPTR` reads the Str blob at RELPTR, prints it and releases the block
// (the Bun test uses this to check a release by a C++ process).
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sys/stat.h>

#include "check.hpp"
#include "morloc/arena.hpp"
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
    CHECK(exists(prefix + "-2-0") && !exists(prefix + "-2-1"));  // a steady loop stays in one volume
    Block big = a.alloc(3 << 20);
    CHECK_EQ(big.relptr >> 48, 513u);
    big.data[(3 << 20) - 1] = 7;
    CHECK(exists(prefix + "-2-1"));
    CHECK_THROWS(a.read(12345));
    CHECK_THROWS(a.read((uint64_t(9) << 48) | 128));
    CHECK_THROWS(Arena::create("bad/name", 1));
  }  // the destructor closes and unlinks
  CHECK(!exists(prefix + "-2-0") && !exists(prefix + "-2-1"));
}

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "release") {
    Arena a = Arena::create(argv[2], 9);
    uint64_t r = std::strtoull(argv[3], nullptr, 10);
    std::cout << decode<std::string>(parse_schema("s"), a.read(r), a.length(r)) << std::endl;
    a.release(r);
    return 0;
  }
  schemas();
  values();
  arena();
  return check::finish();
}
