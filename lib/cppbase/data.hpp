// cppbase data: C++ functions over maps (std::map) and the Map packers, which turn a map into
// its serializable form ([keys], [values]) and back. Names carry an mlc_/morloc_ prefix.
#pragma once
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

template <class K, class V>
std::vector<K> mlc_keys(const std::map<K, V>& m) {
  std::vector<K> out;
  out.reserve(m.size());
  for (const auto& kv : m) out.push_back(kv.first);
  return out;
}

template <class K, class V>
std::vector<V> mlc_vals(const std::map<K, V>& m) {
  std::vector<V> out;
  out.reserve(m.size());
  for (const auto& kv : m) out.push_back(kv.second);
  return out;
}

// keys that map to the same new key keep the value of the last (greatest) old key
template <class K, class V, class K2>
std::map<K2, V> mlc_mapKey(std::function<K2(K)> f, const std::map<K, V>& m) {
  std::map<K2, V> out;
  for (const auto& kv : m) out[f(kv.first)] = kv.second;
  return out;
}

template <class K, class V, class V2>
std::map<K, V2> mlc_mapVal(std::function<V2(V)> f, const std::map<K, V>& m) {
  std::map<K, V2> out;
  for (const auto& kv : m) out.emplace(kv.first, f(kv.second));
  return out;
}

template <class K, class V>
std::map<K, V> mlc_filterKey(std::function<bool(K)> f, const std::map<K, V>& m) {
  std::map<K, V> out;
  for (const auto& kv : m)
    if (f(kv.first)) out.insert(kv);
  return out;
}

template <class K, class V>
std::map<K, V> mlc_filterVal(std::function<bool(V)> f, const std::map<K, V>& m) {
  std::map<K, V> out;
  for (const auto& kv : m)
    if (f(kv.second)) out.insert(kv);
  return out;
}

// Packable ([key], [val]) (Map key val)
template <class K, class V>
std::map<K, V> morloc_packMap(const std::tuple<std::vector<K>, std::vector<V>>& t) {
  const auto& ks = std::get<0>(t);
  const auto& vs = std::get<1>(t);
  if (ks.size() != vs.size())
    throw std::invalid_argument("Map: " + std::to_string(ks.size()) + " keys but " + std::to_string(vs.size()) + " values");
  std::map<K, V> out;
  for (size_t i = 0; i < ks.size(); i++) out[ks[i]] = vs[i];
  return out;
}

template <class K, class V>
std::tuple<std::vector<K>, std::vector<V>> morloc_unpackMap(const std::map<K, V>& m) {
  return {mlc_keys<K, V>(m), mlc_vals<K, V>(m)};
}
