#pragma once
inline std::vector<bool> cFlags(const std::vector<int64_t>& xs) {
    std::vector<bool> out;
    for (auto x : xs) out.push_back(x % 2 == 0);
    return out;
}
inline std::string cJoin(const std::vector<std::string>& xs) {
    std::string s;
    for (size_t i = 0; i < xs.size(); i++) s += (i ? "+" : "") + xs[i];
    return s;
}
inline std::vector<std::tuple<int64_t, std::string>> cPairs(int64_t n) {
    std::vector<std::tuple<int64_t, std::string>> out;
    for (int64_t i = 0; i < n; i++) out.push_back({i * 10, std::string(i, 'x')});
    return out;
}
inline std::vector<std::vector<double>> cGrid(int64_t n) {
    std::vector<std::vector<double>> g(n, std::vector<double>(n, 0.5));
    return g;
}
inline std::vector<double> cRowSums(const std::vector<std::vector<double>>& g) {
    std::vector<double> out;
    for (auto& r : g) { double s = 0; for (double v : r) s += v; out.push_back(s); }
    return out;
}
inline int64_t cCountTrue(const std::vector<bool>& bs) { int64_t n = 0; for (bool b : bs) n += b; return n; }
