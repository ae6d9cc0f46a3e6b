#pragma once
inline std::vector<double> scale(double k, std::vector<double> xs) { for (auto& x : xs) x *= k; return xs; }
inline double cMax(const std::vector<double>& xs) { double m = xs.at(0); for (double x : xs) m = std::max(m, x); return m; }
