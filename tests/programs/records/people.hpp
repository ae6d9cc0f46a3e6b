#pragma once
inline mlc_record_Person birthday(mlc_record_Person p) {
    p.age += 1;
    return p;
}
inline int64_t plusOne(int64_t x) { return x + 1; }
