// C++ half of the sos example: generic map and fold, and addition. The generated pool includes
// the standard headers (vector, functional, ...) before this file.
#pragma once

template <class A, class B>
std::vector<B> map(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> ys;
  ys.reserve(xs.size());
  for (const auto& x : xs) ys.push_back(f(x));
  return ys;
}

template <class A, class B>
B fold(std::function<B(B, A)> f, B b, const std::vector<A>& xs) {
  for (const auto& x : xs) b = f(b, x);
  return b;
}

inline double add(double x, double y) { return x + y; }
