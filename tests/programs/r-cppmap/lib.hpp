#pragma once
template <class A, class B>
std::vector<B> map(std::function<B(A)> f, const std::vector<A>& xs) {
    std::vector<B> out;
    out.reserve(xs.size());
    for (const auto& x : xs) out.push_back(f(x));
    return out;
}
inline double twice(double x) { return 2.0 * x; }
inline double csum(const std::vector<double>& xs) {
    double s = 0;
    for (double x : xs) s += x;
    return s;
}
