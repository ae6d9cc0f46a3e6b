#pragma once
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

int64_t cinc(int64_t x) { return x + 1; }
double cSum(const std::vector<double>& xs) {
  double s = 0;
  for (double x : xs) s += x;
  return s;
}
std::vector<double> cRange(int64_t n) {
  std::vector<double> out;
  for (int64_t i = 0; i < n; i++) out.push_back(i + 0.5);
  return out;
}
int64_t cFailAt(int64_t x) {
  if (x == 50) throw std::runtime_error("cpp refuses " + std::to_string(x));
  return x;
}
int64_t cDie(int64_t x) {
  if (x == 30) std::abort();
  return x;
}
template <typename A, typename B>
std::vector<B> cMap(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}
template <typename A>
A cTwice(std::function<A(A)> f, A x) { return f(f(x)); }
