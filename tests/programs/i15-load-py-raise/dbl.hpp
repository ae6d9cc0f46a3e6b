#pragma once
#include <cstdint>
inline int64_t dbl(int64_t x) { return 2 * x; }
