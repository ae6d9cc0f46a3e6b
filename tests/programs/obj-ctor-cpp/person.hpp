// The user's class template; no function of this header is called.
#pragma once
template <class A>
struct PersonObj {
    std::string name;
    A info;
    PersonObj(std::string n, A i) : name(std::move(n)), info(std::move(i)) {}
};
