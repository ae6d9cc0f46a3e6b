/* Blob -> R value (docs/arena.md §2.3): every offset and length is checked against the blob size,
 * Bool bytes must be 0/1 and strings valid UTF-8. Integers become R integers when they fit 32 bits
 * (and are not NA_integer_), otherwise doubles; a list of such integers is one integer vector only
 * when every element fits. */
#include <stdlib.h>
#include <string.h>
#include "mlr.h"

typedef struct { const uint8_t *buf; size_t size; } R;

static void check(R *r, size_t off, size_t n) {
  if (off > r->size || n > r->size - off)
    Rf_error("corrupt value: %lu bytes at offset %lu run past the blob end (%lu)", (unsigned long)n, (unsigned long)off, (unsigned long)r->size);
}

static int utf8_ok(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    size_t k; uint32_t cp;
    if (c < 0x80) { i++; continue; }
    else if ((c & 0xE0) == 0xC0) { k = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { k = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { k = 3; cp = c & 0x07; }
    else return 0;
    if (i + k >= n) return 0;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += k + 1;
  }
  return 1;
}

/* the integer at p as a double, and whether it fits an R integer */
static double int_at(Schema *s, const uint8_t *p, int *fits) {
  uint64_t u = 0;
  for (int b = s->bytes - 1; b >= 0; b--) u = (u << 8) | p[b];
  double v;
  /* R holds integers beyond 32 bits as doubles, exact only up to 2^53: refuse to round silently */
  const uint64_t exact = 9007199254740992ULL;
  if (s->kind == 'u') {
    v = (double)u;
    if (u > exact && (v >= 18446744073709551616.0 || (uint64_t)v != u))
      Rf_error("the integer %llu cannot be held exactly by R (its doubles are exact only up to 2^53)", (unsigned long long)u);
  } else {
    int bits = 8 * s->bytes;
    int64_t x = bits == 64 ? (int64_t)u : ((int64_t)(u << (64 - bits))) >> (64 - bits);
    v = (double)x;
    if ((x > (int64_t)exact || x < -(int64_t)exact) && (v >= 9223372036854775808.0 || (int64_t)v != x))
      Rf_error("the integer %lld cannot be held exactly by R (its doubles are exact only up to 2^53)", (long long)x);
    if (fits) *fits = x > -2147483648LL && x <= 2147483647LL;
    return v;
  }
  if (fits) *fits = u <= 2147483647ULL;
  return v;
}

static double float_at(Schema *s, const uint8_t *p) {
  if (s->bytes == 8) { uint64_t u = mlr_get_u64(p); double d; memcpy(&d, &u, 8); return d; }
  uint32_t u = mlr_get_u32(p); float f; memcpy(&f, &u, 4); return f;
}

static SEXP str_at(R *r, size_t pos) {
  uint64_t n = mlr_get_u64(r->buf + pos), off = mlr_get_u64(r->buf + pos + 8);
  if (n == 0) return Rf_mkCharLenCE("", 0, CE_UTF8);
  check(r, off, n);
  if (!utf8_ok(r->buf + off, n)) Rf_error("corrupt value: a string is not valid UTF-8");
  if (n > 2147483647ULL) Rf_error("a string of %lu bytes is too long for R", (unsigned long)n);
  const char *nul = memchr(r->buf + off, 0, n);
  if (nul) {
    /* R strings cannot hold NUL: refuse rather than cut, unless the user asked to cut */
    const char *skip = getenv("MORLOC_SKIP_NULL_CHECK");
    if (!skip || strcmp(skip, "1") != 0)
      Rf_errorcall(R_NilValue, "R does not support embedded NUL bytes in strings (a string of %lu bytes holds one at byte %lu); "
               "set MORLOC_SKIP_NULL_CHECK=1 to cut such strings at their first NUL", (unsigned long)n, (unsigned long)(nul - (const char *)(r->buf + off)));
    n = (uint64_t)(nul - (const char *)(r->buf + off));
  }
  return Rf_mkCharLenCE((const char *)r->buf + off, (int)n, CE_UTF8);
}

static SEXP read_value(R *r, Schema *s, size_t pos) {
  const uint8_t *p = r->buf + pos;
  switch (s->kind) {
  case 'z': return R_NilValue;
  case 'b':
    if (*p > 1) Rf_error("corrupt value: Bool byte %d", *p);
    return Rf_ScalarLogical(*p);
  case 'i': case 'u': {
    int fits;
    double v = int_at(s, p, &fits);
    return fits ? Rf_ScalarInteger((int)v) : Rf_ScalarReal(v);
  }
  case 'f': return Rf_ScalarReal(float_at(s, p));
  case 's': return Rf_ScalarString(str_at(r, pos));
  case '?': {
    uint64_t off = mlr_get_u64(p);
    if (off == UINT64_MAX) return R_NilValue;
    check(r, off, s->kids[0]->width);
    return read_value(r, s->kids[0], off);
  }
  case 't': case 'm': {
    SEXP out = PROTECT(Rf_allocVector(VECSXP, s->n));
    for (int i = 0; i < s->n; i++) SET_VECTOR_ELT(out, i, read_value(r, s->kids[i], pos + s->offsets[i]));
    if (s->kind == 'm') {
      SEXP names = PROTECT(Rf_allocVector(STRSXP, s->n));
      for (int i = 0; i < s->n; i++) SET_STRING_ELT(names, i, Rf_mkCharCE(s->keys[i], CE_UTF8));
      Rf_setAttrib(out, R_NamesSymbol, names);
      UNPROTECT(1);
    }
    UNPROTECT(1);
    return out;
  }
  case 'a': {
    Schema *e = s->kids[0];
    uint64_t n = mlr_get_u64(p), off = mlr_get_u64(p + 8);
    if (e->width > 0 && n > r->size / e->width) Rf_error("corrupt value: list of %lu elements is larger than the blob", (unsigned long)n);
    if (e->width == 0 && n > 2147483647ULL) Rf_error("corrupt value: list of %lu empty elements", (unsigned long)n);
    size_t w = e->width;
    if (n * w > 0) check(r, off, n * w);
    SEXP out;
    switch (e->kind) {
    case 'b':
      out = PROTECT(Rf_allocVector(LGLSXP, n));
      for (uint64_t i = 0; i < n; i++) {
        uint8_t b = r->buf[off + i];
        if (b > 1) Rf_error("corrupt value: Bool byte %d", b);
        LOGICAL(out)[i] = b;
      }
      break;
    case 'i': case 'u': {
      int all = 1, fits;
      for (uint64_t i = 0; i < n && all; i++) { int_at(e, r->buf + off + i * w, &fits); all = fits; }
      out = PROTECT(Rf_allocVector(all ? INTSXP : REALSXP, n));
      for (uint64_t i = 0; i < n; i++) {
        double v = int_at(e, r->buf + off + i * w, NULL);
        if (all) INTEGER(out)[i] = (int)v; else REAL(out)[i] = v;
      }
      break;
    }
    case 'f':
      out = PROTECT(Rf_allocVector(REALSXP, n));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
      if (w == 8) {  /* f8 bytes are R's doubles: one memcpy */
        if (n > 0) memcpy(REAL(out), r->buf + off, n * 8);
        break;
      }
#endif
      for (uint64_t i = 0; i < n; i++) REAL(out)[i] = float_at(e, r->buf + off + i * w);
      break;
    case 's':
      out = PROTECT(Rf_allocVector(STRSXP, n));
      for (uint64_t i = 0; i < n; i++) SET_STRING_ELT(out, i, str_at(r, off + i * w));
      break;
    default:
      out = PROTECT(Rf_allocVector(VECSXP, n));
      for (uint64_t i = 0; i < n; i++) SET_VECTOR_ELT(out, i, read_value(r, e, off + i * w));
    }
    UNPROTECT(1);
    return out;
  }
  }
  Rf_error("internal: unknown schema kind");
  return R_NilValue;
}

SEXP mlr_decode_blob(Schema *s, const uint8_t *buf, size_t size) {
  R r = {buf, size};
  if (s->width > size) Rf_error("corrupt value: blob of %lu bytes is shorter than its root (%lu)", (unsigned long)size, (unsigned long)s->width);
  return read_value(&r, s, 0);
}
