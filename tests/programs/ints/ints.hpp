#pragma once
template <class A, class B>
std::vector<B> map(std::function<B(A)> f, const std::vector<A>& xs) {
    std::vector<B> out;
    for (const auto& x : xs) out.push_back(f(x));
    return out;
}
inline int64_t sum(const std::vector<int64_t>& xs) {
    int64_t s = 0;
    for (auto x : xs) s += x;
    return s;
}
