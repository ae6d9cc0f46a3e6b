#pragma once
inline std::map<std::string, int64_t> bump(std::map<std::string, int64_t> m) {
    for (auto& kv : m) kv.second *= 10;
    return m;
}
inline std::vector<std::map<std::string, int64_t>> manyMaps(int64_t n) {
    std::vector<std::map<std::string, int64_t>> out;
    for (int64_t i = 0; i < n; i++) out.push_back({{"a", i}, {"b", i * i}});
    return out;
}
