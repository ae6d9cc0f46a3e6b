#pragma once
inline int64_t absInt(int64_t x) { return x < 0 ? -x : x; }
inline int64_t cTwice(int64_t x) { return 2 * x; }
