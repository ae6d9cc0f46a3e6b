#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

template <class A, class B>
B cppApply(std::function<B(A)> f, const A& x) { return f(x); }

inline int64_t cppBoom(int64_t x) {
  if (x < 0) throw std::runtime_error("cpp refuses " + std::to_string(x));
  return x + 1;
}
