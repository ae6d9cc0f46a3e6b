/* Schema strings (docs/arena.md §1) parsed into Schema trees with widths, alignments and field
 * offsets (§2.1). Memory comes from R_alloc, so it is freed when the .Call returns. */
#include <string.h>
#include "mlr.h"

typedef struct { const char *t; size_t pos, len; } P;

static size_t align_up(size_t x, size_t a) { return (x + a - 1) / a * a; }

static void fail(P *p, const char *what) {
  Rf_error("bad schema \"%s\": %s at byte %lu", p->t, what, (unsigned long)p->pos);
}

static size_t count(P *p) {
  if (p->pos >= p->len || p->t[p->pos] < '0' || p->t[p->pos] > '9') fail(p, "expected a count");
  double v = 0;
  while (p->pos < p->len && p->t[p->pos] >= '0' && p->t[p->pos] <= '9') {
    v = v * 10 + (p->t[p->pos++] - '0');
    if (v > 9007199254740992.0) fail(p, "count too large");
  }
  return (size_t)v;
}

static void colon(P *p) {
  if (p->pos >= p->len || p->t[p->pos] != ':') fail(p, "expected ':'");
  p->pos++;
}

static Schema *node(char kind) {
  Schema *s = (Schema *)R_alloc(1, sizeof(Schema));
  memset(s, 0, sizeof(Schema));
  s->kind = kind;
  s->align = 1;
  return s;
}

static Schema *parse(P *p);

static void layout_fields(Schema *s) {
  size_t end = 0, al = 1;
  int depth = 0;
  for (int k = 0; k < s->n; k++) {
    Schema *f = s->kids[k];
    end = align_up(end, f->align);
    s->offsets[k] = end;
    end += f->width;
    if (f->align > al) al = f->align;
    if (f->depth > depth) depth = f->depth;
  }
  s->align = al;
  s->width = align_up(end, al);
  s->depth = depth + 1;
}

static Schema *parse(P *p) {
  if (p->pos >= p->len) fail(p, "unexpected end");
  size_t at = p->pos;
  char c = p->t[p->pos++];
  Schema *s;
  switch (c) {
  case 'z': return node('z');
  case 'b': s = node('b'); s->width = 1; return s;
  case 's': s = node('s'); s->width = 16; s->align = 8; return s;
  case 'i': case 'u': case 'f': {
    if (p->pos >= p->len) fail(p, "unexpected end");
    char d = p->t[p->pos];
    int w = d - '0';
    if (!((c != 'f' && (w == 1 || w == 2 || w == 4 || w == 8)) || (c == 'f' && (w == 4 || w == 8)))) fail(p, "bad width digit");
    p->pos++;
    s = node(c);
    s->bytes = w; s->width = w; s->align = w;
    return s;
  }
  case 'a': case '?':
    s = node(c);
    s->kids = (Schema **)R_alloc(1, sizeof(Schema *));
    s->kids[0] = parse(p);
    s->n = 1;
    s->width = c == 'a' ? 16 : 8;
    s->align = 8;
    s->depth = s->kids[0]->depth + 1;
    return s;
  case 't': case 'm': {
    s = node(c);
    size_t n = count(p);
    if (n > p->len) fail(p, "count larger than the schema");
    colon(p);
    s->n = (int)n;
    s->kids = (Schema **)R_alloc(n + 1, sizeof(Schema *));
    s->offsets = (size_t *)R_alloc(n + 1, sizeof(size_t));
    if (c == 'm') s->keys = (const char **)R_alloc(n + 1, sizeof(char *));
    for (size_t k = 0; k < n; k++) {
      if (c == 'm') {
        size_t kl = count(p);
        colon(p);
        if (kl > p->len - p->pos) fail(p, "key runs past the end");
        char *key = R_alloc(kl + 1, 1);
        memcpy(key, p->t + p->pos, kl);
        key[kl] = 0;
        for (size_t j = 0; j < k; j++)
          if (strcmp(s->keys[j], key) == 0) fail(p, "duplicate key");
        s->keys[k] = key;
        p->pos += kl;
      }
      s->kids[k] = parse(p);
    }
    layout_fields(s);
    return s;
  }
  default:
    p->pos = at;
    fail(p, "unknown character");
  }
  return NULL;
}

Schema *mlr_parse_schema(const char *text) {
  P p = {text, 0, strlen(text)};
  Schema *s = parse(&p);
  if (p.pos != p.len) fail(&p, "trailing characters");
  return s;
}
