#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>
template <class A, class B>
std::vector<B> cMap(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}
inline int64_t cSq(int64_t x) { return x * x; }
template <class P> P cScale(double k, P p) {
  p.x *= k;
  p.y *= k;
  return p;
}
inline int64_t cCheck(int64_t x) {
  if (x < 0) throw std::invalid_argument("cCheck: negative input " + std::to_string(x));
  return x;
}
