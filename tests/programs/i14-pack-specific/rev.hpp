#pragma once
#include <map>
#include <string>
#include <tuple>
#include <vector>

// string-keyed maps cross with their keys in descending order
template <class V>
std::map<std::string, V> packRev(const std::tuple<std::vector<std::string>, std::vector<V>>& t) {
  std::map<std::string, V> m;
  for (size_t i = 0; i < std::get<0>(t).size(); i++) m[std::get<0>(t)[i]] = std::get<1>(t)[i];
  return m;
}

template <class V>
std::tuple<std::vector<std::string>, std::vector<V>> unpackRev(const std::map<std::string, V>& m) {
  std::tuple<std::vector<std::string>, std::vector<V>> out;
  for (auto it = m.rbegin(); it != m.rend(); ++it) {
    std::get<0>(out).push_back(it->first);
    std::get<1>(out).push_back(it->second);
  }
  return out;
}

template <class A>
std::map<A, int64_t> tally(const std::vector<A>& xs) {
  std::map<A, int64_t> m;
  for (const auto& x : xs) m[x]++;
  return m;
}

template <class A>
std::map<A, int64_t> bump(std::map<A, int64_t> m) {
  for (auto& kv : m) kv.second += 100;
  return m;
}
