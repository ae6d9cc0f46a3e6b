// Numbers that must cross unchanged, bit for bit: NaN, ±Inf, -0.0, extremes, subnormals.
#pragma once
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

inline double bulkAt(int64_t i) {
  static const double base[9] = {std::numeric_limits<double>::quiet_NaN(), HUGE_VAL, -HUGE_VAL, -0.0, 0.0, 1.5, -2.25, 1e308, 5e-324};
  int64_t k = i % 9;
  return k < 5 ? base[k] : base[k] * double(i + 1);
}
inline int64_t bulkIntAt(int64_t i) {
  static const int64_t base[5] = {0, -1, 1, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()};
  return i % 5 < 3 ? base[i % 5] * (i + 1) : base[i % 5];
}
inline std::vector<double> special(int64_t n) {
  std::vector<double> xs = std::vector<double>(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; i++) xs[size_t(i)] = bulkAt(i);
  return xs;
}
inline std::vector<int64_t> specialInts(int64_t n) {
  std::vector<int64_t> xs = std::vector<int64_t>(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; i++) xs[size_t(i)] = bulkIntAt(i);
  return xs;
}
// "ok n" when xs is special(n) (reversed: `rev`) bit for bit, else where it first differs
template <class T, class F>
std::string bulkCheck(const std::vector<T>& xs, int64_t n, bool rev, F at) {
  if (int64_t(xs.size()) != n) return "length " + std::to_string(xs.size()) + ", expected " + std::to_string(n);
  for (int64_t i = 0; i < n; i++) {
    T want = at(rev ? n - 1 - i : i);
    if (std::memcmp(&xs[size_t(i)], &want, sizeof(T)) != 0) return "differs at " + std::to_string(i);
  }
  return "ok " + std::to_string(n);
}
inline std::string check(int64_t n, const std::vector<double>& xs) { return bulkCheck(xs, n, false, bulkAt); }
inline std::string checkRev(int64_t n, const std::vector<double>& xs) { return bulkCheck(xs, n, true, bulkAt); }
inline std::string checkInts(int64_t n, const std::vector<int64_t>& xs) { return bulkCheck(xs, n, false, bulkIntAt); }
inline std::string label(const std::string& s) { return "python got " + s; }
