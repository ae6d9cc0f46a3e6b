#pragma once
#include <map>
#include <string>

inline std::map<std::string, int64_t> bump(const std::map<std::string, int64_t>& m) {
  std::map<std::string, int64_t> out;
  for (const auto& [k, v] : m) out[k] = v + 1;
  return out;
}

inline std::map<std::string, double> scale(double f, const std::map<std::string, double>& m) {
  std::map<std::string, double> out;
  for (const auto& [k, v] : m) out[k] = v * f;
  return out;
}

// the record is the struct the compiler generates, so it is taken as a template argument
template <class E> E relabel(E e) {
  e.label += "!";
  e.counts = bump(e.counts);
  return e;
}

inline std::map<std::string, std::map<std::string, int64_t>> outer(const std::map<std::string, int64_t>& m) {
  std::map<std::string, std::map<std::string, int64_t>> out;
  for (const auto& [k, v] : m) out[k] = {{k, v}, {"n", static_cast<int64_t>(m.size())}};
  return out;
}
