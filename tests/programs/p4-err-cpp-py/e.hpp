#pragma once
inline double inverse(double x) {
    if (x == 0) throw std::invalid_argument("inverse of zero");
    return 1 / x;
}
