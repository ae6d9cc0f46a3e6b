#pragma once
inline int64_t c3(int64_t x) { return x * 3; }
inline int64_t c6(int64_t x) { return x + 6; }
inline std::string cs(const std::string& s) { return s + "c"; }
