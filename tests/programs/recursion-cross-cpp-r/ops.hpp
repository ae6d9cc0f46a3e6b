#pragma once
#include <cstdint>
int64_t sub(int64_t a, int64_t b) { return a - b; }
bool eqc(int64_t a, int64_t b) { return a == b; }
