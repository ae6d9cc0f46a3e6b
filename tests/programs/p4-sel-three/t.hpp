#pragma once
inline double clip(double x) { return x > 1 ? 1 : (x < -1 ? -1 : x); }
inline std::string cShow(double x) { return "c" + std::to_string((int)(x * 10)); }
