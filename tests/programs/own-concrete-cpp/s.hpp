#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

// The module says `type Cpp => Int = "int"`: these signatures only compile with that mapping.
inline size_t packSize(int x) { return static_cast<size_t>(x); }
inline int unpackSize(size_t x) { return static_cast<int>(x); }
inline size_t countOf(const std::vector<int>& xs) { return xs.size(); }
inline int twice(int x) { return 2 * x; }

inline std::vector<size_t> sizeOfAll(const std::vector<std::vector<int>>& xss) {
  std::vector<size_t> out;
  for (const auto& xs : xss) out.push_back(xs.size());
  return out;
}

template <class M> M histogramOf(const std::vector<int>& xs) {
  static_assert(std::is_same_v<typename M::mapped_type, int>, "Int is int here");
  M out;
  for (int x : xs) out[x % 2 == 0 ? "even" : "odd"] += 1;
  return out;
}
inline std::map<std::string, int> histogram(const std::vector<int>& xs) { return histogramOf<std::map<std::string, int>>(xs); }
