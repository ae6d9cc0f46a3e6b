#pragma once
inline std::vector<double> countUp(int64_t n) {
    std::vector<double> xs(n);
    for (int64_t i = 0; i < n; i++) xs[i] = double(i);
    return xs;
}
inline double csum(const std::vector<double>& xs) {
    double s = 0;
    for (double x : xs) s += x;
    return s;
}
inline std::string repeatText(int64_t n) {
    std::string s;
    for (int64_t i = 0; i < n; i++) s += "aé€𝄞";
    return s;
}
