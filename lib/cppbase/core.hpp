// cppbase core: C++ implementations of the conventions signatures. Every name carries an mlc_
// prefix (main.loc aliases them), so nothing clashes with std, C++ keywords or user headers.
// Template parameters follow the order of the signature's generics: the compiler passes them.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

// ---- control

template <class A>
A mlc_ifelse(bool cond, A a, A b) { return cond ? a : b; }

template <class A, class B>
B mlc_branch(std::function<bool(A)> cond, std::function<B(A)> yes, std::function<B(A)> no, A x) {
  return cond(x) ? yes(x) : no(x);
}

// () -> a arrives as a zero-argument function (unit inputs are removed)
template <class A>
A mlc_run(std::function<A()> f) { return f(); }

// ---- functions

template <class A>
A mlc_id(A x) { return x; }

template <class A, class B>
B mlc_seq(A, B b) { return b; }

template <class A, class B>
A mlc_const(A a, B) { return a; }

// ---- tuples

template <class A, class B>
A mlc_fst(const std::tuple<A, B>& t) { return std::get<0>(t); }

template <class A, class B>
B mlc_snd(const std::tuple<A, B>& t) { return std::get<1>(t); }

template <class A, class B, class C>
A mlc_fst3(const std::tuple<A, B, C>& t) { return std::get<0>(t); }

template <class A, class B, class C>
B mlc_snd3(const std::tuple<A, B, C>& t) { return std::get<1>(t); }

template <class A, class B, class C>
C mlc_thr3(const std::tuple<A, B, C>& t) { return std::get<2>(t); }

// ---- strings

inline std::string mlc_paste(const std::string& sep, const std::vector<std::string>& xs) {
  std::string out;
  for (size_t i = 0; i < xs.size(); i++) {
    if (i > 0) out += sep;
    out += xs[i];
  }
  return out;
}

inline std::string mlc_unwords(const std::vector<std::string>& xs) { return mlc_paste(" ", xs); }

// as Haskell's unlines: every line ends with a newline
inline std::string mlc_unlines(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs) out += x + "\n";
  return out;
}

// as Haskell's lines: split at newlines; a final newline does not start an empty line
inline std::vector<std::string> mlc_lines(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

inline std::vector<std::string> mlc_words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// ---- lists

template <class A>
A mlc_at(const std::vector<A>& xs, int64_t i) {
  if (i < 0 || static_cast<size_t>(i) >= xs.size())
    throw std::out_of_range("at: index " + std::to_string(i) + " is outside a list of length " + std::to_string(xs.size()));
  return xs[static_cast<size_t>(i)];
}

template <class A>
std::vector<A> mlc_take(int64_t n, const std::vector<A>& xs) {
  size_t k = n < 0 ? 0 : std::min(static_cast<size_t>(n), xs.size());
  return std::vector<A>(xs.begin(), xs.begin() + k);
}

template <class A>
std::vector<A> mlc_drop(int64_t n, const std::vector<A>& xs) {
  size_t k = n < 0 ? 0 : std::min(static_cast<size_t>(n), xs.size());
  return std::vector<A>(xs.begin() + k, xs.end());
}

template <class A>
A mlc_head(const std::vector<A>& xs) {
  if (xs.empty()) throw std::out_of_range("head: empty list");
  return xs.front();
}

template <class A>
A mlc_last(const std::vector<A>& xs) {
  if (xs.empty()) throw std::out_of_range("last: empty list");
  return xs.back();
}

template <class A>
std::vector<A> mlc_init(const std::vector<A>& xs) {
  if (xs.empty()) throw std::out_of_range("init: empty list");
  return std::vector<A>(xs.begin(), xs.end() - 1);
}

template <class A>
std::vector<A> mlc_tail(const std::vector<A>& xs) {
  if (xs.empty()) throw std::out_of_range("tail: empty list");
  return std::vector<A>(xs.begin() + 1, xs.end());
}

template <class A>
std::vector<A> mlc_join(const std::vector<A>& xs, const std::vector<A>& ys) {
  std::vector<A> out(xs);
  out.insert(out.end(), ys.begin(), ys.end());
  return out;
}

template <class A>
std::vector<A> mlc_append(const std::vector<A>& xs, A x) {
  std::vector<A> out(xs);
  out.push_back(x);
  return out;
}

template <class A, class B>
std::vector<B> mlc_map(std::function<B(A)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  out.reserve(xs.size());
  for (const auto& x : xs) out.push_back(f(x));
  return out;
}

template <class A>
std::vector<A> mlc_filter(std::function<bool(A)> f, const std::vector<A>& xs) {
  std::vector<A> out;
  for (const auto& x : xs)
    if (f(x)) out.push_back(x);
  return out;
}

template <class A, class B>
std::vector<B> mlc_enumerateWith(std::function<B(A, int64_t)> f, const std::vector<A>& xs) {
  std::vector<B> out;
  out.reserve(xs.size());
  for (size_t i = 0; i < xs.size(); i++) out.push_back(f(xs[i], static_cast<int64_t>(i)));
  return out;
}

template <class A, class B>
B mlc_fold(std::function<B(B, A)> f, B b, const std::vector<A>& xs) {
  for (const auto& x : xs) b = f(b, x);
  return b;
}

// keeps the first occurrence of each element, in order
template <class A>
std::vector<A> mlc_unique(const std::vector<A>& xs) {
  std::vector<A> out;
  for (const auto& x : xs)
    if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  return out;
}

// zips stop at the shorter list
template <class A, class B>
std::vector<std::tuple<A, B>> mlc_zip(const std::vector<A>& xs, const std::vector<B>& ys) {
  size_t n = std::min(xs.size(), ys.size());
  std::vector<std::tuple<A, B>> out;
  out.reserve(n);
  for (size_t i = 0; i < n; i++) out.emplace_back(xs[i], ys[i]);
  return out;
}

template <class A, class B>
std::tuple<std::vector<A>, std::vector<B>> mlc_unzip(const std::vector<std::tuple<A, B>>& ps) {
  std::vector<A> as;
  std::vector<B> bs;
  as.reserve(ps.size());
  bs.reserve(ps.size());
  for (const auto& p : ps) {
    as.push_back(std::get<0>(p));
    bs.push_back(std::get<1>(p));
  }
  return {as, bs};
}

template <class A, class B, class C>
std::vector<C> mlc_zipWith(std::function<C(A, B)> f, const std::vector<A>& xs, const std::vector<B>& ys) {
  size_t n = std::min(xs.size(), ys.size());
  std::vector<C> out;
  out.reserve(n);
  for (size_t i = 0; i < n; i++) out.push_back(f(xs[i], ys[i]));
  return out;
}

template <class A, class B, class C>
std::vector<std::tuple<C, B>> mlc_withFsts(std::function<std::vector<C>(std::vector<A>)> f,
                                           const std::vector<std::tuple<A, B>>& ps) {
  auto cols = mlc_unzip<A, B>(ps);
  return mlc_zip<C, B>(f(std::get<0>(cols)), std::get<1>(cols));
}

template <class A, class B, class C>
std::vector<std::tuple<A, C>> mlc_withSnds(std::function<std::vector<C>(std::vector<B>)> f,
                                           const std::vector<std::tuple<A, B>>& ps) {
  auto cols = mlc_unzip<A, B>(ps);
  return mlc_zip<A, C>(std::get<0>(cols), f(std::get<1>(cols)));
}

// ---- booleans (and, or, not are C++ alternative tokens)

inline bool mlc_not(bool x) { return !x; }
inline bool mlc_and(bool a, bool b) { return a && b; }
inline bool mlc_or(bool a, bool b) { return a || b; }

// ---- class instances. Templates over the instance type, so a call works with or without an
// explicit template argument (mlc_add<int64_t>(x, y) or mlc_add(x, y)).

template <class A> A mlc_add(A a, A b) { return a + b; }
template <class A> A mlc_sub(A a, A b) { return a - b; }
template <class A> A mlc_mul(A a, A b) { return a * b; }
template <class A> A mlc_neg(A a) { return -a; }

// Integer div and mod floor, as Python's // and % do, so a result does not depend on the language
// the compiler picks; a real mod takes the sign of the divisor, as Python's % does.
template <class A>
A mlc_div(A a, A b) {
  if constexpr (std::is_integral<A>::value) {
    if (b == 0) throw std::domain_error("div: division by zero");
    A q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  } else {
    return a / b;
  }
}

template <class A>
A mlc_mod(A a, A b) {
  A r;
  if constexpr (std::is_floating_point<A>::value) {
    r = std::fmod(a, b);
  } else {
    if (b == 0) throw std::domain_error("mod: division by zero");
    r = a % b;
  }
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

template <class A> bool mlc_eq(const A& a, const A& b) { return a == b; }
template <class A> bool mlc_ne(const A& a, const A& b) { return a != b; }
template <class A> bool mlc_le(const A& a, const A& b) { return a <= b; }
template <class A> bool mlc_lt(const A& a, const A& b) { return a < b; }
template <class A> bool mlc_ge(const A& a, const A& b) { return a >= b; }
template <class A> bool mlc_gt(const A& a, const A& b) { return a > b; }

// Reals print as Python does: the shortest form that reads back exactly, with a ".0" if integral.
template <class A>
std::string mlc_show(const A& x) {
  if constexpr (std::is_same<A, bool>::value) {
    return x ? "True" : "False";
  } else if constexpr (std::is_floating_point<A>::value) {
    if (std::isnan(x)) return "nan";
    if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
    char buf[64];
    for (int p = 1; p <= 17; p++) {
      std::snprintf(buf, sizeof buf, "%.*g", p, static_cast<double>(x));
      if (std::strtod(buf, nullptr) == static_cast<double>(x)) break;
    }
    std::string s(buf);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";
    return s;
  } else if constexpr (std::is_integral<A>::value) {
    return std::to_string(x);
  } else {
    return std::string(x);
  }
}

// Sized: a list or a string. The generic overload also serves an explicit container argument.
template <class C> int64_t mlc_size(const C& xs) { return static_cast<int64_t>(xs.size()); }
template <class A> int64_t mlc_size(const std::vector<A>& xs) { return static_cast<int64_t>(xs.size()); }
