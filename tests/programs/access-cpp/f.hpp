#pragma once
#include <vector>
#include <functional>
template <class A, class B>
std::vector<B> map(std::function<B(A)> f, const std::vector<A>& xs) { std::vector<B> out; for (auto& x : xs) out.push_back(f(x)); return out; }
int inc(int x) { return x + 1; }
