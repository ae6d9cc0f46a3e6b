// mlc::view<T>: the read-only list type a module picks with `type Cpp => List a = "mlc::view<$1>" a`
// (docs/bulk.md). A numeric view decoded from an arena block points into the block (no copy, no
// fresh pages); the pool keeps the block until the manifold that received it returns. A view
// made from a std::vector owns it (shared: copies are cheap), so a function may return either.
// Views of other elements (strings, tuples, views) are std::vectors with the view's name.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "value.hpp"

namespace mlc {

/** Element types a view can point at: the numbers (bool is packed differently by std::vector). */
template <class T>
inline constexpr bool is_view_number = std::is_arithmetic_v<T> && !std::is_same_v<T, bool>;

template <class T, class Enable = void>
class view;

/** A view of non-numeric elements: a std::vector (it binds to `const std::vector<T>&`). */
template <class T>
class view<T, std::enable_if_t<!is_view_number<T>>> : public std::vector<T> {
 public:
  using std::vector<T>::vector;
  view() = default;
  view(const std::vector<T>& v) : std::vector<T>(v) {}
  view(std::vector<T>&& v) : std::vector<T>(std::move(v)) {}
  /** From a vector of convertible elements: a std::vector<std::vector<double>> where a
   *  view<view<double>> is due. */
  template <class U, class = std::enable_if_t<!std::is_same_v<U, T> && std::is_convertible_v<const U&, T>>>
  view(const std::vector<U>& v) : std::vector<T>(v.begin(), v.end()) {}
  /** And back, copied: a view<view<int>> given to a function of a std::vector<std::vector<int>>. */
  template <class U, class = std::enable_if_t<!std::is_same_v<U, T> && std::is_convertible_v<const T&, U>>>
  operator std::vector<U>() const {
    return std::vector<U>(this->begin(), this->end());
  }
};

/** A view of numbers: a pointer and a length, over a lent arena block or a vector it owns. */
template <class T>
class view<T, std::enable_if_t<is_view_number<T>>> {
 public:
  using value_type = T;
  using size_type = size_t;
  using difference_type = std::ptrdiff_t;
  using const_reference = const T&;
  using reference = const T&;
  using const_pointer = const T*;
  using pointer = const T*;
  using const_iterator = const T*;
  using iterator = const T*;
  using const_reverse_iterator = std::reverse_iterator<const T*>;
  using reverse_iterator = const_reverse_iterator;

  view() = default;
  /** Owns the vector (moved in, or copied): a function may return a vector where a view is due. */
  view(std::vector<T> v) : own_(std::make_shared<std::vector<T>>(std::move(v))) { sync(); }
  view(std::initializer_list<T> xs) : view(std::vector<T>(xs)) {}
  explicit view(size_t n, const T& x = T()) : view(std::vector<T>(n, x)) {}
  template <class It, class = typename std::iterator_traits<It>::iterator_category>
  view(It first, It last) : view(std::vector<T>(first, last)) {}

  /** A view over n numbers at p that the caller keeps alive (the pool: a lent arena block). */
  static view borrow(const T* p, size_t n) {
    view v;
    v.p_ = p;
    v.n_ = n;
    return v;
  }

  const T* data() const { return p_; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  const T& operator[](size_t i) const { return p_[i]; }
  const T& at(size_t i) const {
    if (i >= n_) throw std::out_of_range("view index " + std::to_string(i) + " is outside a list of length " + std::to_string(n_));
    return p_[i];
  }
  const T& front() const { return p_[0]; }
  const T& back() const { return p_[n_ - 1]; }
  const T* begin() const { return p_; }
  const T* end() const { return p_ + n_; }
  const T* cbegin() const { return p_; }
  const T* cend() const { return p_ + n_; }
  const_reverse_iterator rbegin() const { return const_reverse_iterator(end()); }
  const_reverse_iterator rend() const { return const_reverse_iterator(begin()); }

  /** True when the numbers are the view's own (a vector), false over a lent block. */
  bool owns() const { return own_ != nullptr; }
  /** A copy to keep past the call. */
  std::vector<T> to_vector() const { return std::vector<T>(begin(), end()); }
  operator std::vector<T>() const { return to_vector(); }

  // Building (generated code fills lists this way): the view first takes a private copy.
  void push_back(const T& x) {
    mine().push_back(x);
    sync();
  }
  void reserve(size_t n) {
    mine().reserve(n);
    sync();
  }

  friend bool operator==(const view& a, const view& b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }
  friend bool operator!=(const view& a, const view& b) { return !(a == b); }
  friend bool operator<(const view& a, const view& b) { return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end()); }
  friend bool operator>(const view& a, const view& b) { return b < a; }
  friend bool operator<=(const view& a, const view& b) { return !(b < a); }
  friend bool operator>=(const view& a, const view& b) { return !(a < b); }

 private:
  const T* p_ = nullptr;
  size_t n_ = 0;
  std::shared_ptr<std::vector<T>> own_;  // null over a lent block

  std::vector<T>& mine() {
    if (!own_ || own_.use_count() > 1) own_ = std::make_shared<std::vector<T>>(begin(), end());
    return *own_;
  }
  void sync() {
    p_ = own_->data();
    n_ = own_->size();
  }
};

}  // namespace mlc

namespace morloc {

template <class T>
struct Codec<mlc::view<T>, std::enable_if_t<!mlc::is_view_number<T>>> {
  static void write(Writer& w, const Schema& s, const mlc::view<T>& v, size_t pos) { Codec<std::vector<T>>::write(w, s, v, pos); }
  static mlc::view<T> read(const Reader& r, const Schema& s, size_t pos) { return mlc::view<T>(Codec<std::vector<T>>::read(r, s, pos)); }
};

/** Encoding is one memcpy when the element is exactly the schema's number; decoding lends the
 *  reader's bytes when the reader allows it (Reader::lend: an arena block kept for the call), and
 *  copies them otherwise (an inline packet's buffer is reused). */
template <class T>
struct Codec<mlc::view<T>, std::enable_if_t<mlc::is_view_number<T>>> {
  static void write(Writer& w, const Schema& s, const mlc::view<T>& v, size_t pos) { Codec<std::vector<T>>::write_items(w, s, v, pos); }
  static mlc::view<T> read(const Reader& r, const Schema& s, size_t pos) {
    detail::expect(s, Kind::List, "mlc::view");
    const Schema& e = s.elem();
    if (!Codec<std::vector<T>>::flat(e)) return mlc::view<T>(Codec<std::vector<T>>::read(r, s, pos));
    uint64_t n = r.get<uint64_t>(pos);
    if (n == 0) return mlc::view<T>();
    uint64_t at = r.get<uint64_t>(pos + 8);
    if (n > r.len / e.width) throw ValueError("list of " + std::to_string(n) + " elements is larger than the blob");
    r.need(at, n * e.width);
    const uint8_t* p = r.data + at;
    if (r.lent && reinterpret_cast<uintptr_t>(p) % alignof(T) == 0) {
      *r.lent = true;
      return mlc::view<T>::borrow(reinterpret_cast<const T*>(p), n);
    }
    std::vector<T> out(n);
    std::memcpy(out.data(), p, n * e.width);
    return mlc::view<T>(std::move(out));
  }
};

template <class T>
struct Size<mlc::view<T>, std::enable_if_t<mlc::is_view_number<T>>> {
  static constexpr bool known = true;
  static void add(size_t& cursor, const Schema& s, const mlc::view<T>& v) {
    if (s.kind != Kind::List || s.items.empty()) return;  // the codec gives the error
    const Schema& e = s.elem();
    if (v.size() * e.width == 0) return;
    cursor = detail::align_up(cursor, detail::numeric(e) ? 64 : e.align) + v.size() * e.width;
  }
};
template <class T>
struct Size<mlc::view<T>, std::enable_if_t<!mlc::is_view_number<T> && Size<T>::known>> {
  static constexpr bool known = true;
  static void add(size_t& cursor, const Schema& s, const mlc::view<T>& v) { Size<std::vector<T>>::add(cursor, s, v); }
};

/** Decode a blob whose bytes outlive the value when `lent` is given: numeric views point into it,
 *  and *lent tells whether one does (then the caller must keep the bytes until the value is gone). */
template <class T>
T decode_lending(const Schema& schema, const uint8_t* data, size_t len, bool* lent) {
  if (len < schema.width)
    throw ValueError("blob of " + std::to_string(len) + " bytes is shorter than the root (" +
                     std::to_string(schema.width) + " bytes)");
  Reader r{data, len};
  r.lent = lent;
  return Codec<T>::read(r, schema, 0);
}

}  // namespace morloc
