#pragma once
inline int check(int x) {
    if (x < 0) throw std::runtime_error("negative input: " + std::to_string(x));
    return x * 10;
}
