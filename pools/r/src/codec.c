/* The binary value codec (docs/arena.md §2) between R values and blobs. Encoding runs twice over
 * the same code: a sizing pass (buf = NULL) that also validates, then the writing pass.
 * R mapping: Int-like (i, u) decode to integer when they fit 32 bits (and are not NA_integer_), else double;
 * f to double; s to character (UTF-8); b to logical; a<b|i|u|f|s> to atomic vectors, other lists
 * to lists; t to unnamed lists; m to named lists; ? null and z to NULL. */
#include <math.h>
#include <string.h>
#include "mlr.h"

typedef struct { int key; R_xlen_t idx; const char *name; } Frame;
typedef struct { uint8_t *buf; size_t cursor; Frame *path; int depth; } W;

static size_t align_up(size_t x, size_t a) { return (x + a - 1) / a * a; }

/* Reserves `bytes` at the next multiple of `align` and returns their offset. The writing pass zeroes
 * the alignment gap, and the region too unless `filled` (one memcpy writes all of it): the writers
 * leave padding unwritten, and padding must be zero (caches hash value bytes). Zeroing as regions
 * are reserved writes each byte once, where a memset of the whole buffer wrote bulk data twice. */
static size_t reserve(W *w, size_t align, size_t bytes, int filled) {
  size_t off = align_up(w->cursor, align);
  if (w->buf) memset(w->buf + w->cursor, 0, off - w->cursor + (filled ? 0 : bytes));
  w->cursor = off + bytes;
  return off;
}

static const char *path_text(Frame *path, int depth) {
  size_t cap = 16;
  for (int i = 0; i < depth; i++) cap += 24 + (path[i].key ? strlen(path[i].name) : 0);
  char *out = R_alloc(cap, 1), *o = out;
  *o = 0;
  for (int i = 0; i < depth; i++) {
    if (path[i].key) o += snprintf(o, cap - (o - out), ".%s", path[i].name);
    else o += snprintf(o, cap - (o - out), "[%ld]", (long)path[i].idx);
  }
  return depth == 0 ? "the top" : out;
}

#define WFAIL(w, ...) do { char m_[256]; snprintf(m_, sizeof m_, __VA_ARGS__); \
  Rf_error("%s at %s", m_, path_text((w)->path, (w)->depth)); } while (0)

static const char *kind_name(SEXP x) { return Rf_type2char(TYPEOF(x)); }

/* x[[k]] when x is a list; the scalar element k of an atomic x stays addressed by (x, k) */
static void need_scalar(W *w, SEXP x, R_xlen_t k) {
  if (k < 0 && XLENGTH(x) != 1) WFAIL(w, "expected one value, got a %s of length %ld", kind_name(x), (long)XLENGTH(x));
}

static int64_t get_int(W *w, Schema *s, SEXP x, R_xlen_t k, double lo, double hi) {
  need_scalar(w, x, k);
  R_xlen_t i = k < 0 ? 0 : k;
  double v;
  if (TYPEOF(x) == INTSXP) {
    if (INTEGER(x)[i] == NA_INTEGER) WFAIL(w, "NA is not an integer");
    v = INTEGER(x)[i];
  } else if (TYPEOF(x) == REALSXP) {
    v = REAL(x)[i];
    if (!R_FINITE(v) || v != floor(v)) WFAIL(w, "%g is not an integer", v);
  } else WFAIL(w, "expected an integer, got %s", kind_name(x));
  if (v < lo || v >= hi) WFAIL(w, "%.17g is out of range for %c%d", v, s->kind, s->bytes);
  if (s->kind == 'u' && v >= 9223372036854775808.0) return (int64_t)(uint64_t)v;
  return (int64_t)v;
}

static void put_prim(W *w, Schema *s, SEXP x, R_xlen_t k, size_t pos) {
  uint8_t *p = w->buf ? w->buf + pos : NULL;
  R_xlen_t i = k < 0 ? 0 : k;
  switch (s->kind) {
  case 'z': return;
  case 'b': {
    need_scalar(w, x, k);
    if (TYPEOF(x) != LGLSXP) WFAIL(w, "expected a logical, got %s", kind_name(x));
    int b = LOGICAL(x)[i];
    if (b == NA_LOGICAL) WFAIL(w, "NA is not a Bool");
    if (p) *p = b ? 1 : 0;
    return;
  }
  case 'f': {
    need_scalar(w, x, k);
    double v;
    if (TYPEOF(x) == REALSXP) v = REAL(x)[i];
    else if (TYPEOF(x) == INTSXP && INTEGER(x)[i] != NA_INTEGER) v = INTEGER(x)[i];
    else WFAIL(w, "expected a number, got %s", TYPEOF(x) == INTSXP ? "NA" : kind_name(x));
    if (p) {
      if (s->bytes == 8) { uint64_t u; memcpy(&u, &v, 8); mlr_put_u64(p, u); }
      else { float f = (float)v; uint32_t u; memcpy(&u, &f, 4); mlr_put_u32(p, u); }
    }
    return;
  }
  default: { /* i, u */
    int bits = 8 * s->bytes;
    double lo = s->kind == 'u' ? 0 : -ldexp(1, bits - 1);
    double hi = s->kind == 'u' ? ldexp(1, bits) : ldexp(1, bits - 1);
    uint64_t u = (uint64_t)get_int(w, s, x, k, lo, hi);
    if (p) for (int b = 0; b < s->bytes; b++) p[b] = (uint8_t)(u >> (8 * b));
  }
  }
}

static void put_str(W *w, SEXP x, R_xlen_t k, size_t pos) {
  need_scalar(w, x, k);
  if (TYPEOF(x) != STRSXP) WFAIL(w, "expected a character string, got %s", kind_name(x));
  SEXP c = STRING_ELT(x, k < 0 ? 0 : k);
  if (c == NA_STRING) WFAIL(w, "NA is not a string");
  const char *t = Rf_translateCharUTF8(c);
  size_t n = strlen(t), off = n ? w->cursor : 0;
  w->cursor += n;
  if (w->buf) {
    mlr_put_u64(w->buf + pos, n);
    mlr_put_u64(w->buf + pos + 8, off);
    memcpy(w->buf + off, t, n);
  }
}

static int is_prim(char c) { return c == 'b' || c == 'i' || c == 'u' || c == 'f'; }

static SEXP field_by_name(SEXP x, const char *key);
static void write_value(W *w, Schema *s, SEXP x, R_xlen_t k, size_t pos);

/* Row k of a data.frame as a record: field j is element k of the column of that name. */
static void put_row(W *w, Schema *s, SEXP df, R_xlen_t k, size_t pos) {
  Frame *f = &w->path[w->depth++];
  f->key = 1;
  for (int j = 0; j < s->n; j++) {
    f->name = s->keys[j];
    SEXP col = field_by_name(df, s->keys[j]);
    if (!col) { w->depth--; WFAIL(w, "missing column '%s'", s->keys[j]); }
    write_value(w, s->kids[j], col, k, pos + s->offsets[j]);
  }
  w->depth--;
}

static void put_list(W *w, Schema *s, SEXP x, size_t pos) {
  Schema *e = s->kids[0];
  R_xlen_t n;
  int frame = e->kind == 'm' && Rf_inherits(x, "data.frame");  /* a table: one record per row */
  if (frame) n = XLENGTH(x) > 0 ? XLENGTH(VECTOR_ELT(x, 0)) : Rf_length(Rf_getAttrib(x, R_RowNamesSymbol));
  else if (x == R_NilValue) n = 0;
  else if (TYPEOF(x) == VECSXP || (Rf_isVectorAtomic(x) && (is_prim(e->kind) || e->kind == 's' || e->kind == '?'))) n = XLENGTH(x);
  else WFAIL(w, "expected a list or vector, got %s", kind_name(x));
  size_t bytes = (size_t)n * e->width, off = 0;
  int bulk = 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* a numeric vector as [Real]: its doubles are the wire's f8 bytes, one memcpy (NA is a NaN there too) */
  bulk = !frame && e->kind == 'f' && e->bytes == 8 && TYPEOF(x) == REALSXP;
#endif
  if (bytes > 0) off = reserve(w, is_prim(e->kind) ? 64 : e->align, bytes, bulk);
  if (w->buf) { mlr_put_u64(w->buf + pos, (uint64_t)n); mlr_put_u64(w->buf + pos + 8, off); }
  if (bulk) {
    if (w->buf && bytes > 0) memcpy(w->buf + off, REAL(x), bytes);
    return;
  }
  Frame *f = &w->path[w->depth++];
  f->key = 0;
  for (R_xlen_t i = 0; i < n; i++) {
    f->idx = i;
    if (frame) put_row(w, e, x, i, off + (size_t)i * e->width);
    else write_value(w, e, x, i, off + (size_t)i * e->width);
  }
  w->depth--;
}

static SEXP field_by_name(SEXP x, const char *key) {
  SEXP names = Rf_getAttrib(x, R_NamesSymbol);
  if (names == R_NilValue) return NULL;
  for (R_xlen_t i = 0; i < XLENGTH(x); i++)
    if (STRING_ELT(names, i) != NA_STRING && strcmp(Rf_translateCharUTF8(STRING_ELT(names, i)), key) == 0)
      return VECTOR_ELT(x, i);
  return NULL;
}

static void put_fields(W *w, Schema *s, SEXP x, size_t pos) {
  int atomic = Rf_isVectorAtomic(x);
  if (TYPEOF(x) != VECSXP && !(atomic && s->kind == 't') && !(x == R_NilValue && s->n == 0))
    WFAIL(w, "expected a list for a %s, got %s", s->kind == 't' ? "tuple" : "record", kind_name(x));
  if (s->kind == 't' && XLENGTH(x) != s->n) WFAIL(w, "expected a tuple of %d, got length %ld", s->n, (long)XLENGTH(x));
  Frame *f = &w->path[w->depth++];
  for (int i = 0; i < s->n; i++) {
    if (s->kind == 't') {
      f->key = 0; f->idx = i;
      write_value(w, s->kids[i], x, i, pos + s->offsets[i]);
    } else {
      f->key = 1; f->name = s->keys[i];
      SEXP v = field_by_name(x, s->keys[i]);
      if (!v) { w->depth--; WFAIL(w, "missing field '%s'", s->keys[i]); }
      write_value(w, s->kids[i], v, -1, pos + s->offsets[i]);
    }
  }
  w->depth--;
}

/* True when element k of the atomic vector x is NA (not NaN). */
static int na_at(SEXP x, R_xlen_t k) {
  return (TYPEOF(x) == LGLSXP && LOGICAL(x)[k] == NA_LOGICAL) || (TYPEOF(x) == INTSXP && INTEGER(x)[k] == NA_INTEGER) ||
         (TYPEOF(x) == REALSXP && ISNA(REAL(x)[k])) || (TYPEOF(x) == STRSXP && STRING_ELT(x, k) == NA_STRING);
}

/* Writes element k of x (k < 0: x itself) as schema s at pos. */
static void write_value(W *w, Schema *s, SEXP x, R_xlen_t k, size_t pos) {
  if (k >= 0 && TYPEOF(x) == VECSXP) { x = VECTOR_ELT(x, k); k = -1; }
  if (k >= 0 && !(is_prim(s->kind) || s->kind == 's' || s->kind == 'z' || s->kind == '?'))
    WFAIL(w, "expected a list, got an element of a %s vector", kind_name(x));
  switch (s->kind) {
  case 's': put_str(w, x, k, pos); return;
  case 'a': put_list(w, s, x, pos); return;
  case 't': case 'm': put_fields(w, s, x, pos); return;
  case '?': {
    Schema *e = s->kids[0];
    /* NULL, or an NA: an element of an atomic vector, or a lone NA where a ?scalar is wanted (R's
       idiom for a missing value; NaN stays a number) */
    int null = k < 0 ? x == R_NilValue || (Rf_isVectorAtomic(x) && XLENGTH(x) == 1 && (is_prim(e->kind) || e->kind == 's') && na_at(x, 0))
                     : na_at(x, k);
    if (null) { if (w->buf) mlr_put_u64(w->buf + pos, UINT64_MAX); return; }
    size_t off = reserve(w, e->align, e->width, 0);
    if (w->buf) mlr_put_u64(w->buf + pos, off);
    write_value(w, e, x, k, off);
    return;
  }
  default:
    if (s->kind != 'z' && k < 0 && x == R_NilValue) WFAIL(w, "expected a value, got NULL");
    put_prim(w, s, x, k, pos);
  }
}

size_t mlr_encoded_size(Schema *s, SEXP value) {
  W w = {NULL, s->width, (Frame *)R_alloc(s->depth + 2, sizeof(Frame)), 0};
  write_value(&w, s, value, -1, 0);
  return w.cursor;
}

void mlr_encode_into(Schema *s, SEXP value, uint8_t *buf, size_t size) {
  W w = {buf, s->width, (Frame *)R_alloc(s->depth + 2, sizeof(Frame)), 0};
  if (size < s->width) Rf_error("internal: buffer smaller than the value's root");
  memset(buf, 0, s->width);  /* the root's padding; everything after it is zeroed as it is reserved */
  write_value(&w, s, value, -1, 0);
  if (w.cursor != size) Rf_error("internal: value size changed between passes");
}
