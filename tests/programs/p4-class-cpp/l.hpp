#pragma once
inline int64_t digits(int64_t x) { return std::to_string(x < 0 ? -x : x).size(); }
inline int64_t zeros(int64_t n) { return 0 * n; }
inline int64_t strLen(const std::string& s) { return s.size(); }
inline std::string spaces(int64_t n) { return std::string(n, ' '); }
inline int64_t vecLen(const std::vector<int64_t>& xs) { return xs.size(); }
