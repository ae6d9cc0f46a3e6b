#pragma once
#include <cstdint>
inline int64_t cStep(int64_t b, int64_t x) { return b * 10 + x; }
