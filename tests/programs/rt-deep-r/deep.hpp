// C++ side of rt-deep-r: apply, increment, map.
#pragma once
#include <functional>
#include <vector>

template <class A, class B>
B cppApply(std::function<B(A)> f, const A& x) { return f(x); }

inline int64_t cppInc(int64_t x) { return x + 1; }

template <class A, class B>
std::vector<B> cppMap(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}
