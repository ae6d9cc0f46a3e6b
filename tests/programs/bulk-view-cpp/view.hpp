// C++ functions over mlc::view (the program maps C++ lists to views); the numbers come from the
// shared fixture (../bulk-list-py/bulk.hpp).
#pragma once
#include <cstring>
#include <string>

#include "../bulk-list-py/bulk.hpp"

// "ok n" when xs is special(n) (reversed: `rev`) bit for bit, else where it first differs
template <class T, class F>
std::string viewCheck(const mlc::view<T>& xs, int64_t n, bool rev, F at) {
  if (int64_t(xs.size()) != n) return "length " + std::to_string(xs.size()) + ", expected " + std::to_string(n);
  int64_t i = 0;
  for (const T& x : xs) {  // range-for over the view
    T want = at(rev ? n - 1 - i : i);
    if (std::memcmp(&x, &want, sizeof(T)) != 0) return "differs at " + std::to_string(i);
    i++;
  }
  return "ok " + std::to_string(n);
}
inline std::string vcheck(int64_t n, const mlc::view<double>& xs) { return viewCheck(xs, n, false, bulkAt); }
inline std::string vcheckRev(int64_t n, const mlc::view<double>& xs) { return viewCheck(xs, n, true, bulkAt); }
inline std::string vcheckInts(int64_t n, const mlc::view<int64_t>& xs) { return viewCheck(xs, n, false, bulkIntAt); }
// returned unchanged: encoded with one memcpy before the block it views is released
inline mlc::view<double> vid(const mlc::view<double>& xs) { return xs; }
// a new list: a vector, owned by the view it becomes
inline std::vector<double> vrev(const mlc::view<double>& xs) { return std::vector<double>(xs.rbegin(), xs.rend()); }
// "lent" when the numbers are read in place from an arena block, "owned" when they were copied
inline std::string vkind(const mlc::view<double>& xs) { return xs.owns() ? "owned" : "lent"; }
