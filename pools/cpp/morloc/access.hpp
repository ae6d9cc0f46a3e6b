// List accessors of generated code: `.[i]` and `.[a:b:s]` with Python's semantics (negative
// indices count from the end, bounds are clamped, a step may be negative), and errors that name
// the morloc function holding the accessor.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace morloc {

// L: a std::vector or an mlc::view (morloc/view.hpp)
template <class L>
typename L::value_type list_at(const L& xs, int64_t i, const char* fn) {
  const int64_t n = static_cast<int64_t>(xs.size());
  if (i < -n || i >= n)
    throw std::runtime_error("index " + std::to_string(i) + " is out of range for a list of length " + std::to_string(n) +
                             " (the accessor .[" + std::to_string(i) + "] in '" + fn + "')");
  return xs[static_cast<size_t>(i < 0 ? i + n : i)];
}

/** Python's slice: absent bounds (has_* false) take the defaults of the step's direction. */
template <class L, class T = typename L::value_type>
std::vector<T> list_slice(const L& xs, bool has_start, int64_t start, bool has_stop, int64_t stop,
                          bool has_step, int64_t step, const char* fn) {
  if (!has_step) step = 1;
  if (step == 0) throw std::runtime_error(std::string("slice step cannot be zero (the accessor .[::0] in '") + fn + "')");
  const int64_t n = static_cast<int64_t>(xs.size());
  auto clamp = [&](int64_t v, int64_t lo, int64_t hi) {
    if (v < 0) v += n;
    return v < lo ? lo : v > hi ? hi : v;
  };
  int64_t a, b;
  if (step > 0) {
    a = has_start ? clamp(start, 0, n) : 0;
    b = has_stop ? clamp(stop, 0, n) : n;
  } else {
    a = has_start ? clamp(start, -1, n - 1) : n - 1;
    b = has_stop ? clamp(stop, -1, n - 1) : -1;
  }
  std::vector<T> out;
  for (int64_t k = a; step > 0 ? k < b : k > b; k += step) out.push_back(xs[static_cast<size_t>(k)]);
  return out;
}

}  // namespace morloc
