#pragma once
#include <optional>
#include <string>
#include <tuple>
#include <vector>
#include <cstdint>

std::optional<int64_t> inc_opt(std::optional<int64_t> x) { if (!x) return std::nullopt; return *x + 1; }
int64_t or_zero(const std::optional<int64_t>& x) { return x ? *x : 0; }
std::optional<int64_t> half(int64_t x) { if (x % 2) return std::nullopt; return x / 2; }
int64_t count_nulls(const std::vector<std::optional<int64_t>>& xs) { int64_t n = 0; for (auto& x : xs) if (!x) n++; return n; }
std::vector<std::optional<int64_t>> halves(const std::vector<int64_t>& xs) { std::vector<std::optional<int64_t>> out; for (auto x : xs) out.push_back(half(x)); return out; }
// ?(?Int) is std::optional<std::optional<int64_t>>; both levels share one null on the wire
std::string show(const std::optional<std::optional<int64_t>>& x) { return x && *x ? std::to_string(**x) : "null"; }
std::optional<std::optional<int64_t>> deep_half(int64_t x) {
  if (x < 0) return std::nullopt;
  if (x % 2) return std::optional<int64_t>{};  // present outside, absent inside: still the one null
  return std::optional<int64_t>{x / 2};
}
template <class T> std::optional<T> safe_head(const std::vector<T>& xs) { if (xs.empty()) return std::nullopt; return xs[0]; }
template <class P> std::string describe(const P& p) {
  std::string age = p.age ? std::to_string(*p.age) : "?";
  std::string nick = p.nick ? " aka " + *p.nick : "";
  return p.name + nick + " (" + age + ")";
}
template <class P> P older(P p) { if (p.age) p.age = *p.age + 1; return p; }
std::tuple<std::optional<std::string>, std::optional<int64_t>> swap(const std::tuple<std::optional<int64_t>, std::optional<std::string>>& t) {
  return {std::get<1>(t), std::get<0>(t)};
}
std::optional<std::vector<int64_t>> maybe_range(int64_t n) {
  if (n < 0) return std::nullopt;
  std::vector<int64_t> out;
  for (int64_t i = 0; i < n; i++) out.push_back(i);
  return out;
}

// containers of optionals that the program builds from literal lists and tuples of plain values
int64_t count_str(const std::vector<std::optional<std::string>>& xs) { int64_t n = 0; for (auto& x : xs) if (x) n++; return n; }
int64_t count_nested(const std::vector<std::vector<std::optional<std::string>>>& xs) { int64_t n = 0; for (auto& v : xs) for (auto& x : v) if (x) n++; return n; }
int64_t count_tup(const std::tuple<std::optional<std::string>, std::optional<int64_t>>& t) { return (std::get<0>(t) ? 1 : 0) + (std::get<1>(t) ? 1 : 0); }
template <class B> int64_t bag_size(const B& b) { int64_t n = 0; for (auto& x : b.items) if (x) n++; return n; }
std::string echo(const std::string& s) { return s; }
