#pragma once
// template parameters in the order of the morloc generics (b before a)
template <class B, class A>
B second(A, B b) { return b; }
template <class B, class A>
std::vector<std::tuple<B, A>> tagWith(B t, const std::vector<A>& xs) {
    std::vector<std::tuple<B, A>> out;
    for (const auto& x : xs) out.push_back({t, x});
    return out;
}
template <class A, class B>
std::tuple<A, B> mkPair(A a, B b) { return {a, b}; }
