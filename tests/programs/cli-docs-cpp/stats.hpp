#pragma once
#include <string>
#include <vector>
#include <cmath>
#include <cstdint>

double mean(const std::vector<double>& xs) {
    double s = 0;
    for (double x : xs) s += x;
    return xs.empty() ? 0 : s / xs.size();
}

std::vector<double> normalize(bool center, double scale, const std::vector<double>& xs) {
    double m = center ? mean(xs) : 0;
    std::vector<double> out;
    for (double x : xs) out.push_back((x - m) * scale);
    return out;
}

std::vector<int64_t> range(int64_t from, int64_t to, int64_t step) {
    std::vector<int64_t> out;
    for (int64_t i = from; i < to; i += step) out.push_back(i);
    return out;
}

std::string tag(const std::string& prefix, const std::string& name) {
    return prefix + name;
}
