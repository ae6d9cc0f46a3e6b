// Schema strings for the C++ pool runtime (docs/arena.md §1): parse "m2:4:names3:agei8" into a tree
// whose nodes carry width, alignment and field offsets. Header-only.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace morloc {

enum class Kind { Unit, Bool, Int, UInt, Float, Str, List, Tuple, Record, Optional };

struct Schema {
  Kind kind = Kind::Unit;
  size_t width = 0;
  size_t align = 1;
  std::vector<Schema> items;        // List/Optional: the one element type; Tuple/Record: the fields
  std::vector<size_t> offsets;      // Tuple/Record: byte offset of each field inside the slot
  std::vector<std::string> keys;    // Record: field names
  const Schema& elem() const { return items[0]; }
};

class SchemaError : public std::runtime_error {
 public:
  SchemaError(const std::string& text, size_t pos, const std::string& what)
      : std::runtime_error("bad schema \"" + text + "\" at position " + std::to_string(pos) + ": " + what),
        position(pos) {}
  size_t position;
};

namespace detail {

inline size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

inline void layout_fields(Schema& s) {
  size_t end = 0;
  s.align = 1;
  for (const Schema& it : s.items) {
    size_t at = align_up(end, it.align);
    s.offsets.push_back(at);
    end = at + it.width;
    if (it.align > s.align) s.align = it.align;
  }
  s.width = align_up(end, s.align);
}

struct SchemaParser {
  const std::string& t;
  size_t i = 0;

  [[noreturn]] void fail(const std::string& what, size_t at) { throw SchemaError(t, at, what); }
  [[noreturn]] void fail(const std::string& what) { fail(what, i); }

  size_t count(const char* what) {
    size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') i++;
    if (i == start) fail(std::string("expected a decimal ") + what);
    if (i - start > 15) fail(std::string(what) + " too large", start);
    size_t n = std::stoull(t.substr(start, i - start));
    if (i >= t.size() || t[i] != ':') fail(std::string("expected ':' after the ") + what);
    i++;
    return n;
  }

  Schema one() {
    if (i >= t.size()) fail("unexpected end, expected a type");
    size_t at = i;
    char c = t[i++];
    Schema s;
    switch (c) {
      case 'z': s.kind = Kind::Unit; s.width = 0; s.align = 1; return s;
      case 'b': s.kind = Kind::Bool; s.width = 1; s.align = 1; return s;
      case 's': s.kind = Kind::Str; s.width = 16; s.align = 8; return s;
      case 'i': case 'u': case 'f': {
        int d = i < t.size() ? t[i] - '0' : -1;
        bool ok = c == 'f' ? (d == 4 || d == 8) : (d == 1 || d == 2 || d == 4 || d == 8);
        if (!ok) fail(std::string("'") + c + "' needs a width of " + (c == 'f' ? "4 or 8" : "1, 2, 4 or 8"));
        i++;
        s.kind = c == 'i' ? Kind::Int : c == 'u' ? Kind::UInt : Kind::Float;
        s.width = s.align = static_cast<size_t>(d);
        return s;
      }
      case 'a': case '?':
        s.kind = c == 'a' ? Kind::List : Kind::Optional;
        s.width = c == 'a' ? 16 : 8;
        s.align = 8;
        s.items.push_back(one());
        return s;
      case 't': {
        s.kind = Kind::Tuple;
        size_t n = count("field count");
        for (size_t k = 0; k < n; k++) s.items.push_back(one());
        layout_fields(s);
        return s;
      }
      case 'm': {
        s.kind = Kind::Record;
        size_t n = count("field count");
        for (size_t k = 0; k < n; k++) {
          size_t k_at = i;
          size_t len = count("key length");
          if (i + len > t.size()) fail("key of " + std::to_string(len) + " bytes runs past the end", k_at);
          std::string key = t.substr(i, len);
          for (const std::string& seen : s.keys)
            if (seen == key) fail("duplicate key \"" + key + "\"");
          i += len;
          s.keys.push_back(key);
          s.items.push_back(one());
        }
        layout_fields(s);
        return s;
      }
      default:
        fail(std::string("unknown type character '") + c + "'", at);
    }
  }
};

}  // namespace detail

/** Parse a schema string; throws SchemaError naming the byte position of the problem. */
inline Schema parse_schema(const std::string& text) {
  detail::SchemaParser p{text};
  Schema s = p.one();
  if (p.i != text.size()) p.fail("trailing characters after the schema");
  return s;
}

/** The canonical text of a schema (inverse of parse_schema). */
inline std::string schema_to_string(const Schema& s) {
  switch (s.kind) {
    case Kind::Unit: return "z";
    case Kind::Bool: return "b";
    case Kind::Str: return "s";
    case Kind::Int: return "i" + std::to_string(s.width);
    case Kind::UInt: return "u" + std::to_string(s.width);
    case Kind::Float: return "f" + std::to_string(s.width);
    case Kind::List: return "a" + schema_to_string(s.elem());
    case Kind::Optional: return "?" + schema_to_string(s.elem());
    case Kind::Tuple: {
      std::string out = "t" + std::to_string(s.items.size()) + ":";
      for (const Schema& it : s.items) out += schema_to_string(it);
      return out;
    }
    case Kind::Record: {
      std::string out = "m" + std::to_string(s.items.size()) + ":";
      for (size_t k = 0; k < s.items.size(); k++)
        out += std::to_string(s.keys[k].size()) + ":" + s.keys[k] + schema_to_string(s.items[k]);
      return out;
    }
  }
  return "";
}

}  // namespace morloc
