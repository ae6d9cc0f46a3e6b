#pragma once
#include <cstdint>
int64_t sub(int64_t a, int64_t b) { return a - b; }
int64_t add(int64_t a, int64_t b) { return a + b; }
int64_t triple(int64_t x) { return 3 * x; }
bool eqc(int64_t a, int64_t b) { return a == b; }
int64_t divTen(int64_t x) { return x / 10; }
int64_t modTen(int64_t x) { return x % 10; }
