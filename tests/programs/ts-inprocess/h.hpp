#pragma once
#include <cstdint>
#include <cstdlib>
#include <string>

int64_t c1(int64_t x) { return 10 * x + 3; }
std::string cwrap(const std::string& s) { return "[" + s + "]"; }
int64_t cdie(int64_t x) {
  if (x > 0) std::abort();
  return x;
}
