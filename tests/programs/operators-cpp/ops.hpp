#pragma once
double add(double x, double y) { return x + y; }
double mul(double x, double y) { return x * y; }
double sub(double x, double y) { return x - y; }
double neg(double x) { return -x; }
