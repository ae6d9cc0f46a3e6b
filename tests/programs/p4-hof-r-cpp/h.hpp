#pragma once
inline double cHalf(double x) { return x / 2; }
inline double cMax(double a, double b) { return a > b ? a : b; }
inline std::string cFmt(const std::string& p, double x) { return p + std::to_string((int64_t)x); }
