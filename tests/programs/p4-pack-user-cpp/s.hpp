#pragma once
#include <set>
template <class A>
std::set<A> setFromList(const std::vector<A>& xs) { return std::set<A>(xs.begin(), xs.end()); }
template <class A>
std::vector<A> setToList(const std::set<A>& s) { return std::vector<A>(s.begin(), s.end()); }
inline std::set<std::string> mkSet(const std::vector<std::string>& xs) { return setFromList(xs); }
inline int64_t setSize(const std::set<std::string>& s) { return s.size(); }
inline std::vector<std::string> elems(const std::set<std::string>& s) { return setToList(s); }
