#pragma once
inline double realSub(double x, double y) { return x - y; }
