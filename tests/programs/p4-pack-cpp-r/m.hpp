#pragma once
inline std::map<std::string, int64_t> letterCounts(const std::string& s) {
    std::map<std::string, int64_t> m;
    for (char c : s) m[std::string(1, c)] += 1;
    return m;
}
inline std::map<std::string, int64_t> doubled(std::map<std::string, int64_t> m) {
    for (auto& kv : m) kv.second *= 2;
    return m;
}
