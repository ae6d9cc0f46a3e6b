// C++ side of the TypeScript benchmark module (as bench/module/bench.hpp).
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

inline double cppRepeat(std::function<double(int64_t)> f, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; i++) s += f(i);
    return s;
}
inline double cppInc(int64_t x) { return double(x) + 1.0; }
inline double cppIncR(double x) { return x + 1.0; }
template <class A, class B>
std::vector<B> cppMap(std::function<B(A)> f, const std::vector<A>& xs) {
    std::vector<B> out;
    out.reserve(xs.size());
    for (const auto& x : xs) out.push_back(f(x));
    return out;
}
inline std::vector<double> cppReals(int64_t n) {
    std::vector<double> xs(n);
    for (int64_t i = 0; i < n; i++) xs[i] = double(i) * 0.5;
    return xs;
}
inline int64_t cppLen(const std::vector<double>& xs) { return int64_t(xs.size()); }
