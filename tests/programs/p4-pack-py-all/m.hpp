#pragma once
inline std::map<std::string, int64_t> squareVals(std::map<std::string, int64_t> m) {
    for (auto& kv : m) kv.second *= kv.second;
    return m;
}
