#pragma once
inline std::tuple<double, double> cStats(const std::vector<double>& xs) {
    double lo = xs.empty() ? 0 : xs[0], hi = lo;
    for (double x : xs) { lo = std::min(lo, x); hi = std::max(hi, x); }
    return {lo, hi};
}
inline std::string cLabel(int64_t n) { return "c" + std::to_string(n); }
inline bool cAll(const std::vector<bool>& bs) { for (bool b : bs) if (!b) return false; return true; }
inline int64_t cSum(const std::vector<int64_t>& xs) { int64_t s = 0; for (auto x : xs) s += x; return s; }
inline std::tuple<int64_t, std::string, bool> cTuple(int64_t n) { return {n + 1, std::string(n, 'z'), n > 2}; }
