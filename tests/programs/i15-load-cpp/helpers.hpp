#pragma once
#include <cstdint>
#include <stdexcept>
static const int limit = [] { throw std::runtime_error("no limit configured"); return 0; }();
inline int64_t inc(int64_t x) { return x + 1; }
