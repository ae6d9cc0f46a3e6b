#pragma once
template <class A, class B>
std::vector<B> map(std::function<B(A)> f, const std::vector<A>& xs) {
    std::vector<B> out;
    out.reserve(xs.size());
    for (const auto& x : xs) out.push_back(f(x));
    return out;
}
inline double inc(double x) { return x + 1.0; }
inline double scale(double k, double x) { return k * x; }
