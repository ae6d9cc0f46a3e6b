// Blob encoder/decoder for C++ (docs/arena.md §2): C++ values <-> one position-independent byte string.
// Extension point: specialise morloc::Codec<T> (write + read) for records or user types.
#pragma once
#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "schema.hpp"

namespace mlc {
/** morloc's Unit: the value of schema `z`. */
struct Unit {
  bool operator==(const Unit&) const { return true; }
  bool operator!=(const Unit&) const { return false; }
};
}  // namespace mlc

namespace morloc {

using mlc::Unit;

class ValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** Output bytes: a growing vector (zero-filled), or a fixed block such as an arena block of the
 *  measured size (zeroed as it is claimed). */
struct Bytes {
  std::vector<uint8_t> own;
  uint8_t* fixed = nullptr;
  size_t cap = 0;
  uint8_t* data() { return fixed ? fixed : own.data(); }
  uint8_t& operator[](size_t i) { return data()[i]; }
  size_t size() const { return fixed ? cap : own.size(); }
  void resize(size_t n) {
    if (!fixed) own.resize(n);
    else if (n > cap) throw ValueError("the value needs more than the " + std::to_string(cap) + " bytes given");
  }
};

/** Output: slots are written by offset, so claims may move a growing buffer freely. */
struct Writer {
  Bytes buf;
  size_t cursor = 0;
  Writer() = default;
  /** Into the n bytes at p (not zeroed). */
  Writer(uint8_t* p, size_t n) {
    buf.fixed = p;
    buf.cap = n;
  }
  /** Claim n bytes aligned to a; `whole`: the caller writes every one of them, so a fixed block is
   *  zeroed only in the alignment gap. */
  size_t claim(size_t n, size_t a, bool whole = false) {
    size_t start = cursor, at = detail::align_up(cursor, a);
    cursor = at + n;
    if (cursor > buf.size()) buf.resize(std::max(cursor, buf.size() * 2));
    if (buf.fixed) std::memset(buf.fixed + start, 0, (whole ? at : cursor) - start);
    return at;
  }
  template <class X> void put(size_t pos, X x) { std::memcpy(buf.data() + pos, &x, sizeof(X)); }
};

/** Bounds-checked input. `lent`: set when the bytes outlive the decoded value (a lent arena
 *  block), so a numeric mlc::view may point into them; the view sets *lent when it does. */
struct Reader {
  const uint8_t* data;
  size_t len;
  bool* lent = nullptr;
  void need(size_t at, size_t n) const {
    if (at > len || n > len - at)
      throw ValueError("offset " + std::to_string(at) + " + " + std::to_string(n) + " bytes is outside the blob of " +
                       std::to_string(len) + " bytes");
  }
  template <class X> X get(size_t pos) const {
    need(pos, sizeof(X));
    X x;
    std::memcpy(&x, data + pos, sizeof(X));
    return x;
  }
};

constexpr uint64_t NULL_OFFSET = ~uint64_t(0);

namespace detail {
template <class> constexpr bool always_false = false;
inline const char* kind_name(Kind k) {
  static const char* names[] = {"Unit", "Bool", "Int", "UInt", "Float", "Str", "List", "Tuple", "Record", "Optional"};
  return names[static_cast<int>(k)];
}
inline void expect(const Schema& s, Kind k, const char* cpp) {
  if (s.kind != k)
    throw ValueError(std::string("schema ") + schema_to_string(s) + " does not fit the C++ type " + cpp);
}
template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
inline bool numeric(const Schema& s) {
  return s.kind == Kind::Int || s.kind == Kind::UInt || s.kind == Kind::Float || s.kind == Kind::Bool;
}
}  // namespace detail

/** Generated record codecs call this first: the schema of record `record` must have one item per field. */
inline void expect_fields(const Schema& s, size_t fields, const char* record) {
  if (s.items.size() != fields)
    throw ValueError(std::string("the record ") + record + " has " + std::to_string(fields) + " fields, the schema " + std::to_string(s.items.size()));
}

/** Codec<T>: static void write(Writer&, const Schema&, const T&, size_t pos) writes T's slot at pos and
 *  claims its children at the cursor; static T read(const Reader&, const Schema&, size_t pos). */
template <class T, class Enable = void>
struct Codec {
  static_assert(detail::always_false<T>, "no morloc::Codec for this C++ type: specialise morloc::Codec<T>");
};

template <>
struct Codec<Unit> {
  static void write(Writer&, const Schema& s, const Unit&, size_t) { detail::expect(s, Kind::Unit, "mlc::Unit"); }
  static Unit read(const Reader&, const Schema& s, size_t) {
    detail::expect(s, Kind::Unit, "mlc::Unit");
    return {};
  }
};

template <>
struct Codec<bool> {
  static void write(Writer& w, const Schema& s, const bool& v, size_t pos) {
    detail::expect(s, Kind::Bool, "bool");
    w.buf[pos] = v ? 1 : 0;
  }
  static bool read(const Reader& r, const Schema& s, size_t pos) {
    detail::expect(s, Kind::Bool, "bool");
    uint8_t x = r.get<uint8_t>(pos);
    if (x > 1) throw ValueError("invalid Bool byte " + std::to_string(x));
    return x == 1;
  }
};

/** Every integer type; values are range-checked against the schema's width and the C++ type. */
template <class T>
struct Codec<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static void write(Writer& w, const Schema& s, const T& v, size_t pos) {
    bool sign = s.kind == Kind::Int;
    if (!sign && s.kind != Kind::UInt) detail::expect(s, Kind::Int, "integer");
    unsigned bits = static_cast<unsigned>(s.width * 8);
    bool fits;
    if (sign) {
      __int128 lo = -(__int128(1) << (bits - 1)), hi = (__int128(1) << (bits - 1)) - 1;
      fits = __int128(v) >= lo && __int128(v) <= hi;
    } else {
      fits = !(std::is_signed_v<T> && v < 0) && (bits == 64 || uint64_t(v) < (uint64_t(1) << bits));
    }
    if (!fits)
      throw ValueError("integer " + std::to_string(v) + " out of range for " + schema_to_string(s));
    uint64_t raw = static_cast<uint64_t>(v);  // two's complement; the low `width` bytes are the value
    std::memcpy(w.buf.data() + pos, &raw, s.width);
  }
  static T read(const Reader& r, const Schema& s, size_t pos) {
    if (s.kind != Kind::Int && s.kind != Kind::UInt) detail::expect(s, Kind::Int, "integer");
    r.need(pos, s.width);
    uint64_t raw = 0;
    std::memcpy(&raw, r.data + pos, s.width);
    __int128 x;
    if (s.kind == Kind::Int) {
      unsigned shift = static_cast<unsigned>(64 - s.width * 8);
      x = static_cast<int64_t>(raw << shift) >> shift;  // sign-extend
    } else {
      x = raw;
    }
    if (x < __int128(std::numeric_limits<T>::min()) || x > __int128(std::numeric_limits<T>::max()))
      throw ValueError("integer " + std::to_string(static_cast<long long>(x)) + " from " + schema_to_string(s) +
                       " does not fit the C++ type");
    return static_cast<T>(x);
  }
};

template <class T>
struct Codec<T, std::enable_if_t<std::is_floating_point_v<T>>> {
  static void write(Writer& w, const Schema& s, const T& v, size_t pos) {
    detail::expect(s, Kind::Float, "float/double");
    if (s.width == 8) w.put<double>(pos, static_cast<double>(v));
    else w.put<float>(pos, static_cast<float>(v));
  }
  static T read(const Reader& r, const Schema& s, size_t pos) {
    detail::expect(s, Kind::Float, "float/double");
    return s.width == 8 ? static_cast<T>(r.get<double>(pos)) : static_cast<T>(r.get<float>(pos));
  }
};

template <>
struct Codec<std::string> {
  static void write(Writer& w, const Schema& s, const std::string& v, size_t pos) {
    detail::expect(s, Kind::Str, "std::string");
    w.put<uint64_t>(pos, v.size());
    if (v.empty()) return;
    size_t at = w.claim(v.size(), 1, true);
    std::memcpy(w.buf.data() + at, v.data(), v.size());
    w.put<uint64_t>(pos + 8, at);
  }
  static std::string read(const Reader& r, const Schema& s, size_t pos) {
    detail::expect(s, Kind::Str, "std::string");
    uint64_t n = r.get<uint64_t>(pos);
    if (n == 0) return {};
    uint64_t at = r.get<uint64_t>(pos + 8);
    r.need(at, n);
    return std::string(reinterpret_cast<const char*>(r.data + at), n);
  }
};

template <class T>
struct Codec<std::vector<T>> {
  // element bytes can be copied whole when the C++ element is exactly the schema's number
  static bool flat(const Schema& e) {
    if constexpr (std::is_floating_point_v<T>) return e.kind == Kind::Float && e.width == sizeof(T);
    else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
      return e.kind == (std::is_signed_v<T> ? Kind::Int : Kind::UInt) && e.width == sizeof(T);
    else return false;
  }
  static void write(Writer& w, const Schema& s, const std::vector<T>& v, size_t pos) { write_items(w, s, v, pos); }
  /** Any list of T with size(), operator[] and (numbers) data(): std::vector, mlc::view. */
  template <class L>
  static void write_items(Writer& w, const Schema& s, const L& v, size_t pos) {
    detail::expect(s, Kind::List, "std::vector");
    const Schema& e = s.elem();
    w.put<uint64_t>(pos, v.size());
    size_t bytes = v.size() * e.width;
    if (bytes == 0) return;
    bool copy = false;
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) copy = flat(e);
    size_t at = w.claim(bytes, detail::numeric(e) ? 64 : e.align, copy);
    w.put<uint64_t>(pos + 8, at);
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      if (copy) {
        std::memcpy(w.buf.data() + at, v.data(), bytes);
        return;
      }
    }
    for (size_t k = 0; k < v.size(); k++) Codec<T>::write(w, e, v[k], at + k * e.width);
  }
  static std::vector<T> read(const Reader& r, const Schema& s, size_t pos) {
    detail::expect(s, Kind::List, "std::vector");
    const Schema& e = s.elem();
    uint64_t n = r.get<uint64_t>(pos);
    if (n == 0) return std::vector<T>();  // not `{}`: for nested vectors g++ resolves that exponentially
    uint64_t at = e.width == 0 ? 0 : r.get<uint64_t>(pos + 8);
    if (e.width != 0 && n > r.len / e.width) throw ValueError("list of " + std::to_string(n) + " elements is larger than the blob");
    r.need(at, n * e.width);
    std::vector<T> out;
    if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      if (flat(e)) {
        const uint8_t* src = r.data + at;
        // copied from the aligned element range: no zero-fill pass before the copy (resize would
        // write every element once more)
        if (reinterpret_cast<uintptr_t>(src) % alignof(T) == 0) {
          const T* first = reinterpret_cast<const T*>(src);
          out.assign(first, first + n);
        } else {
          out.resize(n);
          std::memcpy(out.data(), src, n * e.width);
        }
        return out;
      }
    }
    // sized construction + assignment, not reserve/push_back: libstdc++'s relocation checks in
    // push_back take time exponential in the nesting depth of vector types
    out = std::vector<T>(n);
    for (uint64_t k = 0; k < n; k++) out[k] = Codec<T>::read(r, e, at + k * e.width);
    return out;
  }
};

/** A tuple fits a tuple schema, and also a record schema (fields in schema order). */
template <class... Ts>
struct Codec<std::tuple<Ts...>> {
  static void check(const Schema& s) {
    if (s.kind != Kind::Tuple && s.kind != Kind::Record) detail::expect(s, Kind::Tuple, "std::tuple");
    if (s.items.size() != sizeof...(Ts))
      throw ValueError("schema " + schema_to_string(s) + " has " + std::to_string(s.items.size()) +
                       " fields, the C++ tuple " + std::to_string(sizeof...(Ts)));
  }
  static void write(Writer& w, const Schema& s, const std::tuple<Ts...>& v, size_t pos) {
    check(s);
    write_fields(w, s, v, pos, std::index_sequence_for<Ts...>{});
  }
  static std::tuple<Ts...> read(const Reader& r, const Schema& s, size_t pos) {
    check(s);
    return read_fields(r, s, pos, std::index_sequence_for<Ts...>{});
  }
  template <size_t... I>
  static void write_fields(Writer& w, const Schema& s, const std::tuple<Ts...>& v, size_t pos, std::index_sequence<I...>) {
    (Codec<Ts>::write(w, s.items[I], std::get<I>(v), pos + s.offsets[I]), ...);
  }
  template <size_t... I>
  static std::tuple<Ts...> read_fields(const Reader& r, const Schema& s, size_t pos, std::index_sequence<I...>) {
    return std::tuple<Ts...>{Codec<Ts>::read(r, s.items[I], pos + s.offsets[I])...};  // braces: left to right
  }
};

template <class T>
struct Codec<std::optional<T>> {
  static void write(Writer& w, const Schema& s, const std::optional<T>& v, size_t pos) {
    detail::expect(s, Kind::Optional, "std::optional");
    if (!v) {
      w.put<uint64_t>(pos, NULL_OFFSET);
      return;
    }
    const Schema& e = s.elem();
    size_t at = w.claim(e.width, e.align);
    w.put<uint64_t>(pos, at);
    Codec<T>::write(w, e, *v, at);
  }
  static std::optional<T> read(const Reader& r, const Schema& s, size_t pos) {
    detail::expect(s, Kind::Optional, "std::optional");
    uint64_t at = r.get<uint64_t>(pos);
    if (at == NULL_OFFSET) return std::nullopt;
    r.need(at, s.elem().width);
    return Codec<T>::read(r, s.elem(), at);
  }
};

/**
 * `?(?T)` as std::optional<std::optional<T>>: both levels share the one wire null, so the compiler
 * gives it the schema of `?T`; an absent inner value is written as that null, and a null reads as
 * the absent outer value. A two-level `??T` schema is still read level by level.
 */
template <class T>
struct Codec<std::optional<std::optional<T>>> {
  using Inner = std::optional<T>;
  static void write(Writer& w, const Schema& s, const std::optional<Inner>& v, size_t pos) {
    detail::expect(s, Kind::Optional, "std::optional");
    if (s.elem().kind != Kind::Optional) return Codec<Inner>::write(w, s, v ? *v : Inner{}, pos);
    if (!v) {
      w.put<uint64_t>(pos, NULL_OFFSET);
      return;
    }
    const Schema& e = s.elem();
    size_t at = w.claim(e.width, e.align);
    w.put<uint64_t>(pos, at);
    Codec<Inner>::write(w, e, *v, at);
  }
  static std::optional<Inner> read(const Reader& r, const Schema& s, size_t pos) {
    detail::expect(s, Kind::Optional, "std::optional");
    if (s.elem().kind != Kind::Optional) {
      Inner x = Codec<Inner>::read(r, s, pos);
      if (!x) return std::nullopt;
      return x;
    }
    uint64_t at = r.get<uint64_t>(pos);
    if (at == NULL_OFFSET) return std::nullopt;
    r.need(at, s.elem().width);
    return Codec<Inner>::read(r, s.elem(), at);
  }
};

/**
 * Size<T>: the blob size of a value, measured without writing, so that a large one is encoded
 * straight into an arena block of its final size. `add` follows Codec<T>::write's claims in order
 * (docs/arena.md 2.2). Types without one (records, packed and user types) have known = false and
 * are encoded into a growing buffer first.
 */
template <class T, class Enable = void>
struct Size {
  static constexpr bool known = false;
};
template <class T>
struct Size<T, std::enable_if_t<std::is_arithmetic_v<T> || std::is_same_v<T, Unit>>> {
  static constexpr bool known = true;
  static void add(size_t&, const Schema&, const T&) {}
};
template <>
struct Size<std::string> {
  static constexpr bool known = true;
  static void add(size_t& cursor, const Schema&, const std::string& v) { cursor += v.size(); }
};
template <class T>
struct Size<std::vector<T>, std::enable_if_t<Size<T>::known>> {
  static constexpr bool known = true;
  static void add(size_t& cursor, const Schema& s, const std::vector<T>& v) {
    if (s.kind != Kind::List || s.items.empty()) return;  // the codec gives the error
    const Schema& e = s.elem();
    if (v.size() * e.width == 0) return;
    cursor = detail::align_up(cursor, detail::numeric(e) ? 64 : e.align) + v.size() * e.width;
    // an index loop: a range-for here made g++ exponential in the nesting depth (30 levels: minutes)
    if constexpr (!std::is_arithmetic_v<T>)
      for (size_t i = 0; i < v.size(); i++) Size<T>::add(cursor, e, v[i]);
  }
};
template <class... Ts>
struct Size<std::tuple<Ts...>, std::enable_if_t<(Size<Ts>::known && ...)>> {
  static constexpr bool known = true;
  static void add(size_t& cursor, const Schema& s, const std::tuple<Ts...>& v) {
    if (s.items.size() != sizeof...(Ts)) return;
    add_items(cursor, s, v, std::index_sequence_for<Ts...>{});
  }
  template <size_t... I>
  static void add_items(size_t& cursor, const Schema& s, const std::tuple<Ts...>& v, std::index_sequence<I...>) {
    (Size<Ts>::add(cursor, s.items[I], std::get<I>(v)), ...);
  }
};
template <class T>
struct Size<std::optional<T>, std::enable_if_t<Size<T>::known && !detail::is_optional<T>::value>> {
  static constexpr bool known = true;
  static void add(size_t& cursor, const Schema& s, const std::optional<T>& v) {
    if (!v || s.kind != Kind::Optional || s.items.empty()) return;
    const Schema& e = s.elem();
    cursor = detail::align_up(cursor, e.align) + e.width;
    Size<T>::add(cursor, e, *v);
  }
};

/** The blob size of `value` (Size<T>::known types only). */
template <class T>
size_t encoded_size(const Schema& schema, const T& value) {
  size_t cursor = schema.width;
  Size<T>::add(cursor, schema, value);
  return cursor;
}

/** Encode straight into the n bytes at p (not zeroed); returns the bytes written. */
template <class T>
size_t encode_into(const Schema& schema, const T& value, uint8_t* p, size_t n) {
  Writer w(p, n);
  w.claim(schema.width, 1);
  Codec<T>::write(w, schema, value, 0);
  return w.cursor;
}

/** Encode a C++ value as a blob following `schema`. */
template <class T>
std::vector<uint8_t> encode(const Schema& schema, const T& value) {
  Writer w;
  w.buf.resize(std::max<size_t>(schema.width, 256));
  w.claim(schema.width, 1);
  Codec<T>::write(w, schema, value, 0);
  w.buf.resize(w.cursor);
  return std::move(w.buf.own);
}

/** Decode a blob into a C++ value; throws ValueError on a mismatch, a bad offset or an overflow. */
template <class T>
T decode(const Schema& schema, const uint8_t* data, size_t len) {
  if (len < schema.width)
    throw ValueError("blob of " + std::to_string(len) + " bytes is shorter than the root (" +
                     std::to_string(schema.width) + " bytes)");
  return Codec<T>::read(Reader{data, len}, schema, 0);
}

template <class T>
T decode(const Schema& schema, const std::vector<uint8_t>& blob) {
  return decode<T>(schema, blob.data(), blob.size());
}

}  // namespace morloc

#include "view.hpp"  // mlc::view and its codec (after everything it builds on)
