// C++ side of the C++-view bulk bench module: measures a list given as an mlc::view (a lent arena
// block: no copy, no fresh pages). cppReals and cppRepeat come from ../bulk.hpp.
#pragma once
#include <cstdint>

inline int64_t cppViewLen(const mlc::view<double>& xs) { return int64_t(xs.size()); }
