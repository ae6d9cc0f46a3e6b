#pragma once
#include <cstdint>
#include <vector>

std::vector<double> cId(const std::vector<double>& xs) { return xs; }
double cSum(const std::vector<double>& xs) {
  double s = 0;
  for (double x : xs) s += x;
  return s;
}
std::vector<double> cRange(int64_t n) {
  std::vector<double> out(n);
  for (int64_t i = 0; i < n; i++) out[i] = i + 0.5;
  return out;
}
