#pragma once
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>
inline int twice(int x) { return 2 * x; }
inline int mul(int a, int b) { return a * b; }
inline std::vector<int> rev(std::vector<int> xs) { return std::vector<int>(xs.rbegin(), xs.rend()); }
inline int check(int x) {
  if (x < 0) throw std::runtime_error("negative: " + std::to_string(x));
  return x;
}
inline int sum_cpp(const std::vector<int>& xs) {
  int s = 0;
  for (int x : xs) s += x;
  return s;
}
template <class A, class B>
std::vector<B> map_list(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}
