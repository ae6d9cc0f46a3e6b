#pragma once
template <class A>
class CppPerson {
  public:
    std::string name;
    A info;
    CppPerson() = default;
    CppPerson(std::string n, A i) : name(std::move(n)), info(std::move(i)) {}
};

template <class A>
std::string hi(const CppPerson<A>& p) { return "hi " + p.name; }

inline CppPerson<int64_t> grow(CppPerson<int64_t> p) {
    p.info += 1;
    return p;
}
