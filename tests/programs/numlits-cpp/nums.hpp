#pragma once
#include <string>
#include <cstdint>
double addr(double x, double y) { return x + y; }
int64_t addi(int64_t x, int64_t y) { return x + y; }
std::string kind(double x) { (void)x; return "float"; }
