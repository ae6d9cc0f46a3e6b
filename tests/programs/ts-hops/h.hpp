#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

int64_t c1(int64_t x) { return 10 * x + 3; }
std::string cs(const std::string& s) { return s + "c"; }
std::vector<double> cRev(std::vector<double> xs) { return std::vector<double>(xs.rbegin(), xs.rend()); }

template <typename A, typename B>
std::vector<B> cMap(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}
