// C++ implementations of the math module. Names carry an mlc_ prefix so they never clash with
// <cmath>'s own sin, cos, ... that the generated pool includes first.
#pragma once
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>
#include <gsl/gsl_sf_bessel.h>

inline double mlc_bessel(double x) { return gsl_sf_bessel_J0(x); }
inline double mlc_cbrt(double x) { return std::cbrt(x); }
inline double mlc_round(double x) { return std::round(x); }
inline double mlc_sin(double x) { return std::sin(x); }
inline double mlc_cos(double x) { return std::cos(x); }
inline double mlc_tan(double x) { return std::tan(x); }
inline double mlc_acos(double x) {
    if (x < -1 || x > 1) throw std::domain_error("acos: " + std::to_string(x) + " is outside [-1, 1]");
    return std::acos(x);
}
inline double mlc_asin(double x) {
    if (x < -1 || x > 1) throw std::domain_error("asin: " + std::to_string(x) + " is outside [-1, 1]");
    return std::asin(x);
}
inline double mlc_atan(double x) { return std::atan(x); }
inline double mlc_cosh(double x) { return std::cosh(x); }
inline double mlc_sinh(double x) { return std::sinh(x); }
inline double mlc_tanh(double x) { return std::tanh(x); }
inline double mlc_exp(double x) { return std::exp(x); }
inline double mlc_log(double x) {
    if (x <= 0) throw std::domain_error("log: " + std::to_string(x) + " is not positive");
    return std::log(x);
}
inline double mlc_log10(double x) {
    if (x <= 0) throw std::domain_error("log10: " + std::to_string(x) + " is not positive");
    return std::log10(x);
}
inline double mlc_sqrt(double x) {
    if (x < 0) throw std::domain_error("sqrt: " + std::to_string(x) + " is negative");
    return std::sqrt(x);
}
inline double mlc_ceil(double x) { return std::ceil(x); }
inline double mlc_fabs(double x) { return std::fabs(x); }
inline double mlc_floor(double x) { return std::floor(x); }
inline double mlc_atan2(double y, double x) { return std::atan2(y, x); }
inline double mlc_pow(double x, double y) { return std::pow(x, y); }
inline double mlc_fmod(double x, double y) { return std::fmod(x, y); }
inline double mlc_ldexp(double x, int64_t e) { return std::ldexp(x, static_cast<int>(e)); }

inline double mlc_sum(const std::vector<double>& xs) {
    double s = 0;
    for (double x : xs) s += x;
    return s;
}

template <class A>
A mlc_mean(const std::vector<A>& xs) {
    if (xs.empty()) throw std::invalid_argument("mean of an empty list");
    A s = 0;
    for (const A& x : xs) s += x;
    return s / static_cast<A>(xs.size());
}

// The sample variance (n - 1 in the denominator).
template <class A>
A mlc_var(const std::vector<A>& xs) {
    if (xs.size() < 2) throw std::invalid_argument("var needs at least two values");
    A m = mlc_mean<A>(xs);
    A s = 0;
    for (const A& x : xs) s += (x - m) * (x - m);
    return s / static_cast<A>(xs.size() - 1);
}

// The first n Fibonacci numbers: 0, 1, 1, 2, 3, ...
inline std::vector<int64_t> mlc_fibonacci(int64_t n) {
    if (n < 0) throw std::invalid_argument("fibonacci of a negative count");
    std::vector<int64_t> out;
    int64_t a = 0, b = 1;
    for (int64_t i = 0; i < n; i++) {
        out.push_back(a);
        int64_t c = a + b;
        a = b;
        b = c;
    }
    return out;
}
