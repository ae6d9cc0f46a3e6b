#pragma once
// C++ side of rt-sizes: make values of a given size in a fixed pattern, and check them.
#include <cstdint>
#include <string>
#include <vector>

inline std::string cppStr(int64_t n) {
  std::string s(static_cast<size_t>(n), 'a');
  for (int64_t i = 0; i < n; i++) s[size_t(i)] = char('a' + i % 26);
  return s;
}

inline int64_t cppStrLen(const std::string& s) {
  for (size_t i = 0; i < s.size(); i++)
    if (s[i] != char('a' + i % 26)) return -1;
  return int64_t(s.size());
}

inline std::vector<bool> cppBools(int64_t n) {
  std::vector<bool> xs(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; i++) xs[size_t(i)] = i % 3 == 0;
  return xs;
}

inline int64_t cppBoolsLen(const std::vector<bool>& xs) {
  for (size_t i = 0; i < xs.size(); i++)
    if (xs[i] != (i % 3 == 0)) return -1;
  return int64_t(xs.size());
}

inline std::string cppId(const std::string& s) { return s; }
inline std::vector<bool> cppIdBools(const std::vector<bool>& xs) { return xs; }
