#pragma once
inline int64_t cSquare(int64_t x) { return x * x; }
inline int64_t cAdd(int64_t a, int64_t b) { return a + b; }
template <class A>
std::vector<A> cFilter(std::function<bool(A)> f, const std::vector<A>& xs) {
    std::vector<A> out;
    for (const auto& x : xs) if (f(x)) out.push_back(x);
    return out;
}
