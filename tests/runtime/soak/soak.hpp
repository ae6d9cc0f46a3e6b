#pragma once
// C++ side of the soak fixture.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

template <class A, class B>
std::vector<B> cppMap(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  out.reserve(xs.size());
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}

inline std::vector<int64_t> cppRange(int64_t n) {
  std::vector<int64_t> xs(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; i++) xs[size_t(i)] = i;
  return xs;
}

inline int64_t cppSum(const std::vector<int64_t>& xs) {
  int64_t s = 0;
  for (auto x : xs) s += x;
  return s;
}

// n strings of k bytes through f, one at a time (memory stays flat); -1 if one came back wrong
inline int64_t cppEchoes(std::function<std::string(std::string)> f, int64_t n, int64_t k) {
  int64_t total = 0;
  for (int64_t i = 0; i < n; i++) {
    std::string back = f(std::string(static_cast<size_t>(k), char('a' + i % 26)));
    if (back.size() != size_t(k) || back.find_first_not_of(char('a' + i % 26)) != std::string::npos) return -1;
    total += int64_t(back.size());
  }
  return total;
}
