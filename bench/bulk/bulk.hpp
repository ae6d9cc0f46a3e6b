// C++ side of the bulk-data bench (bench/bulk.ts): makes n Reals, measures a list, loops calls.
#pragma once
#include <functional>

inline std::vector<double> cppReals(int64_t n) {
  std::vector<double> xs = std::vector<double>(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; i++) xs[static_cast<size_t>(i)] = double(i) * 0.5;
  return xs;
}
inline int64_t cppLen(const std::vector<double>& xs) { return int64_t(xs.size()); }
inline double cppRepeat(std::function<double(int64_t)> f, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; i++) s += f(i);
  return s;
}
// calls f on the same list k times: k hops of one value through f's pools in one run
inline int64_t cppHops(std::function<int64_t(const std::vector<double>&)> f, const std::vector<double>& xs, int64_t k) {
  int64_t s = 0;
  for (int64_t i = 0; i < k; i++) s += f(xs);
  return s;
}
