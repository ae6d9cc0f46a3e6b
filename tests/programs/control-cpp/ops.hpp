#pragma once
#include <cstdint>
#include <vector>
#include <functional>
int64_t add(int64_t a, int64_t b) { return a + b; }
int64_t sub(int64_t a, int64_t b) { return a - b; }
int64_t mul(int64_t a, int64_t b) { return a * b; }
bool eq(int64_t a, int64_t b) { return a == b; }
bool ge(int64_t a, int64_t b) { return a >= b; }
bool gt(int64_t a, int64_t b) { return a > b; }
bool le(int64_t a, int64_t b) { return a <= b; }
template <class A, class B, class F> std::vector<B> mapList(F f, const std::vector<A>& xs) {
  std::vector<B> out;
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}
