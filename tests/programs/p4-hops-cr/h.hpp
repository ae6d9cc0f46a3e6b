#pragma once
inline double c1(double x) { return x + 1; }
inline double c3(double x) { return x * 3; }
inline double c5(double x) { return x - 5; }
inline double cthrow(double x) { throw std::runtime_error("c++ refused " + std::to_string((int)x)); }
