// C++ side of the benchmark module: a loop that calls a function n times, map, big values, RSS.
#pragma once
#include <fstream>

inline double cppRepeat(std::function<double(int64_t)> f, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; i++) s += f(i);
    return s;
}
inline double cppInc(int64_t x) { return double(x) + 1.0; }
inline double cppIncR(double x) { return x + 1.0; }
template <class A, class B>
std::vector<B> cppMap(std::function<B(A)> f, const std::vector<A>& xs) {
    std::vector<B> out;
    out.reserve(xs.size());
    for (const auto& x : xs) out.push_back(f(x));
    return out;
}
inline std::vector<double> cppReals(int64_t n) {
    std::vector<double> xs(n);
    for (int64_t i = 0; i < n; i++) xs[i] = double(i) * 0.5;
    return xs;
}
inline int64_t cppLen(const std::vector<double>& xs) { return int64_t(xs.size()); }
inline std::string cppText(int64_t n) { return std::string(size_t(n), 'x'); }
inline int64_t cppStrLen(const std::string& s) { return int64_t(s.size()); }
// VmRSS of this process in kB (the argument only orders the call after the loop)
inline int64_t cppRss(double) {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
    return -1;
}
// joins the three pools of the three-language start-up command
inline double cppAdd(double a, double b) { return a + b; }
