#pragma once
inline double clamp(double lo, double hi, double x) { return x < lo ? lo : (x > hi ? hi : x); }
inline int64_t mulBy(int64_t k, int64_t x) { return k * x; }
