#pragma once
inline int64_t times(int64_t a, int64_t b) { return a * b; }
inline int64_t answer() { return 7; }
