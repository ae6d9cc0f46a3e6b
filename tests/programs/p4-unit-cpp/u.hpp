#pragma once
inline int64_t limit() { return 4; }
