#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// runs before main: the pool dies before it can say READY
static const int refuse_to_start = [] {
  std::fprintf(stderr, "broken.hpp: refusing to start\n");
  std::exit(7);
  return 0;
}();

inline int64_t inc(int64_t x) { return x + 1; }
