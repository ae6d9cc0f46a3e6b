// Functions over PersonObj; this header relies on person.hpp being included first.
#pragma once
template <class A>
std::string greet(const PersonObj<A>& p) { return "hi " + p.name + " (" + std::to_string(p.info) + ")"; }

template <class A>
A same(A x) { return x; }

inline PersonObj<int64_t> grow(PersonObj<int64_t> p) {
    p.info += 1;
    return p;
}
