#pragma once
inline int64_t totalQty(const mlc_record_Sales& t) {
    int64_t s = 0;
    for (auto q : t.qty) s += q;
    return s;
}
inline mlc_record_Sales scaleQty(int64_t k, mlc_record_Sales t) {
    for (auto& q : t.qty) q *= k;
    return t;
}
