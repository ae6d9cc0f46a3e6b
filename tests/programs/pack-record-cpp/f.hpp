#pragma once
#include <map>
struct Wrapped { int64_t x; std::map<std::string, int64_t> tags; };
inline Wrapped wrap(const mlc_record_Pt& p) { return Wrapped{p.x, p.tags}; }
inline mlc_record_Pt unwrap(const Wrapped& w) { return mlc_record_Pt{w.x, w.tags}; }
inline Wrapped g(Wrapped w) { w.x += 1; w.tags["g"] = 1; return w; }
inline Wrapped mkW(int64_t n) { return Wrapped{n, {{"n", n}}}; }
