#pragma once
template <class A, class B>
std::vector<B> map(std::function<B(A)> f, const std::vector<A>& xs) {
    std::vector<B> out;
    for (const auto& x : xs) out.push_back(f(x));
    return out;
}
