// A tiny check harness for the C++ runtime tests: CHECK, CHECK_THROWS, hex, and the closing
// "N passed, N failed" line that the test runners read.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

namespace check {
inline int passed = 0, failed = 0;

inline void report(bool ok, const std::string& what, const char* file, int line) {
  if (ok) {
    passed++;
  } else {
    failed++;
    std::fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what.c_str());
  }
}

inline std::string hex(const std::vector<uint8_t>& b) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (uint8_t x : b) out += d[x >> 4], out += d[x & 15];
  return out;
}

inline int finish() {
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
}  // namespace check

#define CHECK(cond) check::report(bool(cond), #cond, __FILE__, __LINE__)
#define CHECK_EQ(a, b) check::report((a) == (b), std::string(#a " == " #b), __FILE__, __LINE__)
#define CHECK_THROWS(expr)                                                 \
  do {                                                                     \
    bool threw_ = false;                                                   \
    try {                                                                  \
      (void)(expr);                                                        \
    } catch (const std::exception&) {                                      \
      threw_ = true;                                                       \
    }                                                                      \
    check::report(threw_, "expected a throw: " #expr, __FILE__, __LINE__); \
  } while (0)
