#pragma once
#include <functional>
#include <iostream>
#include <stdexcept>
#include <vector>
inline double sum_cpp(const std::vector<double>& xs) {
  std::cerr << "computing sum_cpp" << std::endl;
  double s = 0;
  for (double x : xs) s += x;
  return s;
}
inline double mul(double a, double b) { return a * b; }
inline double boom(double v) { throw std::runtime_error("boom at " + std::to_string((int)v)); }
template <class A, class B>
std::vector<B> map_list(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}
