#pragma once
inline std::vector<double> cppRange(int64_t n) {
    std::vector<double> out(n);
    for (int64_t i = 0; i < n; i++) out[i] = double(i + 1);
    return out;
}
inline double cppSum(const std::vector<double>& xs) {
    double s = 0, w = 1;
    for (double x : xs) { s += x * w; w = -w; }  // order-sensitive: proves the reversal
    return s;
}
