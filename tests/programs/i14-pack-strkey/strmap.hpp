#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

// packers for string-keyed maps only
template <class V>
std::map<std::string, V> packStrMap(const std::tuple<std::vector<std::string>, std::vector<V>>& t) {
  const auto& ks = std::get<0>(t);
  const auto& vs = std::get<1>(t);
  if (ks.size() != vs.size()) throw std::invalid_argument("keys and values differ in length");
  std::map<std::string, V> m;
  for (size_t i = 0; i < ks.size(); i++) m[ks[i]] = vs[i];
  return m;
}

template <class V>
std::tuple<std::vector<std::string>, std::vector<V>> unpackStrMap(const std::map<std::string, V>& m) {
  std::vector<std::string> ks;
  std::vector<V> vs;
  for (const auto& kv : m) {
    ks.push_back(kv.first);
    vs.push_back(kv.second);
  }
  return {ks, vs};
}

template <class A, class B>
std::map<A, B> insert(std::map<A, B> m, const A& k, const B& v) {
  m[k] = v;
  return m;
}

template <class A, class B>
int64_t msize(const std::map<A, B>& m) { return static_cast<int64_t>(m.size()); }
