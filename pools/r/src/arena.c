/* The shared-memory arena (docs/arena.md §3) for the R pool: volumes /dev/shm/<prefix>/<slot>-<n>,
 * first-fit allocation in this process's own volumes (free extents carry state-0 block headers so
 * every volume can be walked), reading any volume of the run, release by a compare-and-swap of the
 * block state 1 -> 2 and the MORLOC_ARENA_MAX limit. The run's folder is private (0700); only the
 * nexus sweeps the folders of dead runs.
 * R is single-threaded, so no lock is needed. The .Call entry points (mlr_c_arena_*) are at the end;
 * relptrs cross into R as decimal strings (a double cannot hold 64 bits). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mlr.h"

#define VOL_MAGIC 0x61636C6Du
#define BLK_MAGIC 0x6B6C626Du
#define HEADER 64
#define FIRST_VOLUME ((size_t)1 << 20)
#define MAX_BLOCK ((double)((uint64_t)1 << 47))
#define EAGER_COLLECT 64

typedef struct { size_t start, end; } Extent;
typedef struct {
  uint8_t *base; size_t size; int own;
  Extent *free; int nfree, capfree;   /* own volumes: sorted, coalesced free extents */
} Vol;

static char prefix[200];
static int slot = -1;
static double max_bytes = 1.0 / 0.0;  /* cap on the total size of own volumes (R_PosInf is not constant) */
static size_t own_size;
static Vol *vols[65536];
static int nown;                      /* own volumes are 0..nown-1 of our slot */
static uint64_t *out; static int nout, capout;   /* blocks handed out, not yet reclaimed */
static char own_names[256][256];      /* full paths, for the SIGTERM handler: nothing to format there */
static int lock_fd = -1;              /* the run folder's lock, when this process made the folder */

#define SHM "/dev/shm/"

/* Makes /dev/shm/<prefix> (0700) and locks it while this process lives; a folder that exists already
 * (the nexus made it for its pools) must be this user's own and private. Inside it no other user can
 * create, squat or replace a volume. */
static void claim_folder(const char *p) {
  char path[300];
  snprintf(path, sizeof path, SHM "%s", p);
  if (mkdir(path, 0700) != 0) {
    if (errno != EEXIST) Rf_error("arena: cannot make %s: %s", path, strerror(errno));
    struct stat st;
    if (lstat(path, &st) != 0) Rf_error("arena: %s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode)) Rf_error("arena: %s cannot be used: it is not a folder", path);
    if (st.st_uid != getuid()) Rf_error("arena: %s cannot be used: it belongs to another user (uid %d)", path, (int)st.st_uid);
    if (st.st_mode & 077) Rf_error("arena: %s cannot be used: others can reach it", path);
    return;
  }
  char lock[320];
  snprintf(lock, sizeof lock, "%s/lock", path);
  lock_fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (lock_fd < 0 || flock(lock_fd, LOCK_EX | LOCK_NB) != 0) Rf_error("arena: cannot lock %s: %s", path, strerror(errno));
}

/* Removes the run folder this process made, with whatever volumes are left in it. */
static void remove_folder(void) {
  if (lock_fd < 0) return;
  char path[300];
  snprintf(path, sizeof path, SHM "%s", prefix);
  DIR *d = opendir(path);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    char f[600];
    snprintf(f, sizeof f, "%s/%s", path, e->d_name);
    unlink(f);
  }
  if (d) closedir(d);
  rmdir(path);
  close(lock_fd);
  lock_fd = -1;
}

static size_t up(size_t x, size_t a) { return (x + a - 1) / a * a; }

/* Parses MORLOC_ARENA_MAX: digits with an optional K, M or G (powers of 1024); unset = no limit. */
static double arena_limit(const char *text) {
  if (!text || !*text) return R_PosInf;
  const char *p = text;
  while (isspace((unsigned char)*p)) p++;
  double n = 0;
  int digits = 0;
  for (; isdigit((unsigned char)*p); p++, digits++) n = n * 10 + (*p - '0');
  double mult = 1;
  if (*p == 'K' || *p == 'k') mult = 1024, p++;
  else if (*p == 'M' || *p == 'm') mult = 1024.0 * 1024, p++;
  else if (*p == 'G' || *p == 'g') mult = 1024.0 * 1024 * 1024, p++;
  while (isspace((unsigned char)*p)) p++;
  if (digits == 0 || digits > 15 || *p)
    Rf_error("MORLOC_ARENA_MAX=\"%s\" must be a byte count such as 1048576, 512K, 64M or 2G", text);
  return n * mult;
}

/* Starts this process's arena (closing any previous one); limit < 0 means $MORLOC_ARENA_MAX. */
static void create(const char *p, int s, double limit) {
  size_t len = strlen(p);
  int ok = len > 0 && len < sizeof prefix;
  for (size_t i = 0; ok && i < len; i++) ok = isalnum((unsigned char)p[i]) || p[i] == '.' || p[i] == '_' || p[i] == '-';
  if (!ok) Rf_error("arena prefix \"%s\" must be letters, digits, '.', '_' or '-'", p);
  if (s < 0 || s > 255) Rf_error("arena slot %d must be an integer in 0..255", s);
  double m = limit >= 0 ? limit : arena_limit(getenv("MORLOC_ARENA_MAX"));
  mlr_arena_close();
  claim_folder(p);
  strcpy(prefix, p);
  slot = s;
  max_bytes = m;
}

void mlr_arena_setup(const char *p, int s) { create(p, s, -1); }

static void live(void) {
  if (slot < 0) Rf_error("the arena is not set up (MORLOC_ARENA is not set or the arena was closed)");
}

static void vol_name(char *buf, size_t cap, int vid) {
  snprintf(buf, cap, SHM "%s/%d-%d", prefix, vid >> 8, vid & 255);
}

/* A free extent's block header: state 0, length 0, block size = the extent. */
static void free_header(Vol *v, size_t s, size_t e) {
  uint8_t *h = v->base + s;
  mlr_put_u32(h, BLK_MAGIC);
  mlr_put_u64(h + 8, 0);
  mlr_put_u64(h + 16, e - s);
  memset(h + 24, 0, HEADER - 24);   /* §3.4: bytes 24..63 are zero (Bun and C++ leave them as they were) */
  __atomic_store_n((uint32_t *)(h + 4), 0u, __ATOMIC_RELEASE);
}

/* Inserts [start, end) into the sorted extents, merging with neighbours; writes the merged header. */
static void add_free(Vol *v, size_t start, size_t end) {
  int i = 0;
  while (i < v->nfree && v->free[i].start < start) i++;
  if (i > 0 && v->free[i - 1].end == start) {           /* merge with the one before */
    v->free[i - 1].end = end;
    if (i < v->nfree && v->free[i].start == end) {
      v->free[i - 1].end = v->free[i].end;
      memmove(&v->free[i], &v->free[i + 1], (v->nfree - i - 1) * sizeof(Extent));
      v->nfree--;
    }
    free_header(v, v->free[i - 1].start, v->free[i - 1].end);
    return;
  }
  if (i < v->nfree && v->free[i].start == end) {
    v->free[i].start = start;
    free_header(v, start, v->free[i].end);
    return;
  }
  if (v->nfree == v->capfree) {
    int cap = v->capfree ? 2 * v->capfree : 16;
    Extent *e = realloc(v->free, cap * sizeof(Extent));
    if (!e) Rf_error("out of memory");
    v->free = e; v->capfree = cap;
  }
  memmove(&v->free[i + 1], &v->free[i], (v->nfree - i) * sizeof(Extent));
  v->free[i].start = start; v->free[i].end = end;
  v->nfree++;
  free_header(v, start, end);
}

static Vol *attach(int vid) {
  char name[256];
  vol_name(name, sizeof name, vid);
  int fd = open(name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) Rf_error("arena: cannot open volume %s: %s", name, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < 2 * HEADER) { close(fd); Rf_error("arena: %s is not a morloc arena volume", name); }
  void *m = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (m == MAP_FAILED) Rf_error("arena: cannot map %s: %s", name, strerror(errno));
  if (mlr_get_u32(m) != VOL_MAGIC || mlr_get_u32((uint8_t *)m + 32) != (uint32_t)vid) {
    munmap(m, st.st_size);
    Rf_error("arena: %s is not a morloc arena volume", name);
  }
  Vol *v = calloc(1, sizeof(Vol));
  if (!v) { munmap(m, st.st_size); Rf_error("out of memory"); }
  v->base = m; v->size = st.st_size;
  vols[vid] = v;
  return v;
}

/* The header of the block at relptr (mapping its volume on first use). */
static uint8_t *block(uint64_t relptr, Vol **vp) {
  live();
  int vid = (int)(relptr >> 48);
  size_t off = relptr & 0xFFFFFFFFFFFFull;
  Vol *v = vols[vid] ? vols[vid] : attach(vid);
  if (off < 2 * HEADER || off % 64 != 0 || off > v->size || mlr_get_u32(v->base + off - HEADER) != BLK_MAGIC)
    Rf_error("arena: relptr 0x%016llx does not point at a block", (unsigned long long)relptr);
  if (vp) *vp = v;
  return v->base + off - HEADER;
}

/* Takes back every block a consumer has released; returns how many. */
static int collect(void) {
  int k = 0, count = 0;
  for (int i = 0; i < nout; i++) {
    Vol *v = vols[out[i] >> 48];
    uint8_t *h = v->base + (out[i] & 0xFFFFFFFFFFFFull) - HEADER;
    if (__atomic_load_n((uint32_t *)(h + 4), __ATOMIC_ACQUIRE) == 2) {
      size_t start = h - v->base, size = mlr_get_u64(h + 16);
      __atomic_store_n((uint32_t *)(h + 4), 0u, __ATOMIC_RELEASE);
      add_free(v, start, start + size);
      count++;
    } else out[k++] = out[i];
  }
  nout = k;
  return count;
}

static void new_volume(size_t need) {
  if (nown >= 256) Rf_error("arena: slot %d has used all 256 volumes", slot);
  size_t least = up(HEADER + need, 4096);
  size_t size = nown == 0 ? FIRST_VOLUME : vols[slot * 256 + nown - 1]->size * 2;
  if (size < least) size = least;
  if ((double)own_size + (double)least > max_bytes)
    Rf_error("arena: cannot allocate %.0f bytes: slot %d has %.0f bytes of volumes and its limit is %.0f bytes (MORLOC_ARENA_MAX)",
             (double)(need - HEADER), slot, (double)own_size, max_bytes);
  double left = floor((max_bytes - (double)own_size) / 4096) * 4096;
  if ((double)size > left) size = left > (double)least ? (size_t)left : least;
  int vid = slot * 256 + nown;
  char name[256];
  vol_name(name, sizeof name, vid);
  int fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) Rf_error("arena: cannot create %s: %s", name, strerror(errno));
  int e = ftruncate(fd, (off_t)size) == 0 ? posix_fallocate(fd, 0, (off_t)size) : errno;
  void *m = e == 0 ? mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
  if (e == 0 && m == MAP_FAILED) e = errno;
  close(fd);
  if (e != 0) {
    unlink(name);
    Rf_error("arena: cannot reserve %.0f bytes for %s (is /dev/shm full?): %s", (double)size, name, strerror(e));
  }
  uint8_t *h = m;
  memset(h, 0, HEADER);
  mlr_put_u32(h, VOL_MAGIC); mlr_put_u32(h + 4, 1); mlr_put_u32(h + 8, HEADER); mlr_put_u32(h + 12, slot);
  mlr_put_u64(h + 16, size); mlr_put_u32(h + 24, (uint32_t)getpid()); mlr_put_u32(h + 28, nown); mlr_put_u32(h + 32, vid);
  Vol *v = calloc(1, sizeof(Vol));
  if (!v) { munmap(m, size); unlink(name); Rf_error("out of memory"); }
  v->base = m; v->size = size; v->own = 1;
  vols[vid] = v;
  snprintf(own_names[nown], sizeof own_names[nown], "%s", name);
  nown++;
  own_size += size;
  add_free(v, HEADER, size);
}

/* First fit: lowest volume, lowest offset; the remainder of a split extent gets a free header. */
static int fit(size_t bsize, uint64_t *relptr, uint8_t **h) {
  for (int n = 0; n < nown; n++) {
    Vol *v = vols[slot * 256 + n];
    for (int i = 0; i < v->nfree; i++) {
      Extent *e = &v->free[i];
      if (e->end - e->start < bsize) continue;
      size_t start = e->start;
      e->start += bsize;
      if (e->start == e->end) { memmove(e, e + 1, (v->nfree - i - 1) * sizeof(Extent)); v->nfree--; }
      else free_header(v, e->start, e->end);
      *h = v->base + start;
      *relptr = ((uint64_t)(slot * 256 + n) << 48) | (start + HEADER);
      return 1;
    }
  }
  return 0;
}

uint64_t mlr_arena_alloc(size_t n, uint8_t **data) {
  if (slot < 0) Rf_error("MORLOC_ARENA is not set; cannot use the shared-memory arena");
  if ((double)n > MAX_BLOCK) Rf_error("arena alloc: %.0f bytes is larger than the largest block (2^47 bytes)", (double)n);
  if (nout == capout) {   /* grown first, so no error can come after the block is taken */
    int cap = capout ? 2 * capout : 64;
    uint64_t *o = realloc(out, cap * sizeof(uint64_t));
    if (!o) Rf_error("out of memory");
    out = o; capout = cap;
  }
  size_t bsize = HEADER + up(n, 64);
  uint64_t relptr; uint8_t *h;
  int eager = nout <= EAGER_COLLECT;
  if (eager) collect();
  if (!fit(bsize, &relptr, &h) && !(!eager && collect() > 0 && fit(bsize, &relptr, &h))) {
    new_volume(bsize);
    fit(bsize, &relptr, &h);
  }
  out[nout++] = relptr;
  memset(h, 0, HEADER);
  mlr_put_u32(h, BLK_MAGIC); mlr_put_u64(h + 8, n); mlr_put_u64(h + 16, bsize);
  __atomic_store_n((uint32_t *)(h + 4), 1u, __ATOMIC_RELEASE);
  *data = h + HEADER;
  return relptr;
}

/* The payload length given at alloc. */
static size_t block_length(uint64_t relptr) { return mlr_get_u64(block(relptr, NULL) + 8); }

/* The payload of the block at relptr, checked to hold `size` bytes. */
const uint8_t *mlr_arena_read(uint64_t relptr, size_t size) {
  Vol *v;
  uint8_t *h = block(relptr, &v);
  if (size > mlr_get_u64(h + 16) - HEADER || (size_t)(h + HEADER - v->base) + size > v->size)
    Rf_error("arena read: %.0f bytes at relptr 0x%016llx run past the block", (double)size, (unsigned long long)relptr);
  return h + HEADER;
}

void mlr_arena_release(uint64_t relptr) {
  uint8_t *h = block(relptr, NULL);
  uint32_t expect = 1;
  if (!__atomic_compare_exchange_n((uint32_t *)(h + 4), &expect, 2u, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    Rf_error("arena release: block 0x%016llx is not in use (state %u): released twice?", (unsigned long long)relptr, expect);
}

/* Errors as a release would when the block is not in use: a consumer checks before it reads a block
 * that it releases afterwards, so a twice-delivered block fails before its bytes are decoded. */
void mlr_arena_check_in_use(uint64_t relptr) {
  uint32_t state = __atomic_load_n((uint32_t *)(block(relptr, NULL) + 4), __ATOMIC_ACQUIRE);
  if (state != 1) Rf_error("arena release: block 0x%016llx is not in use (state %u): released twice?", (unsigned long long)relptr, state);
}

int mlr_arena_outstanding(void) { return nout; }

static double mapped_bytes(void) {
  double n = 0;
  for (int vid = 0; vid < 65536; vid++) if (vols[vid]) n += vols[vid]->size;
  return n;
}

/* Unlinks this process's volumes and nothing else: safe inside a signal handler. */
void mlr_arena_unlink_own(void) {
  for (int n = 0; n < nown; n++) unlink(own_names[n]);
}

void mlr_arena_close(void) {
  for (int vid = 0; vid < 65536; vid++) {
    Vol *v = vols[vid];
    if (!v) continue;
    munmap(v->base, v->size);
    if (v->own) {
      char name[256];
      vol_name(name, sizeof name, vid);
      unlink(name);
    }
    free(v->free);
    free(v);
    vols[vid] = NULL;
  }
  remove_folder();
  nown = 0; nout = 0; own_size = 0; slot = -1;
}

/* ---------------------------------------------------------------- .Call entry points */

/* A relptr from R: a decimal string (or "0x" hex) of a u64. */
static uint64_t relptr_arg(SEXP x) {
  if (TYPEOF(x) != STRSXP || XLENGTH(x) != 1 || STRING_ELT(x, 0) == NA_STRING)
    Rf_error("a relptr must be one string of digits");
  const char *t = CHAR(STRING_ELT(x, 0)), *end;
  int hex = t[0] == '0' && (t[1] == 'x' || t[1] == 'X');
  errno = 0;
  unsigned long long v = strtoull(t, (char **)&end, hex ? 16 : 10);
  if (!*t || *end || errno || t[0] == '-' || t[0] == '+' || isspace((unsigned char)t[0])) Rf_error("bad relptr \"%s\"", t);
  return v;
}

static SEXP relptr_sexp(uint64_t r) {
  char buf[32];
  snprintf(buf, sizeof buf, "%llu", (unsigned long long)r);
  return Rf_mkString(buf);
}

/* A byte count or offset from R: a whole, non-negative number. */
static size_t size_arg(SEXP x, const char *what) {
  double d = Rf_asReal(x);
  if (!(d >= 0) || d != floor(d) || d > 9007199254740992.0) Rf_error("arena: bad %s %g", what, d);
  return (size_t)d;
}

/* create(prefix, slot, max_bytes): max_bytes NULL or NA = $MORLOC_ARENA_MAX (unset: no limit). */
SEXP mlr_c_arena_create(SEXP p, SEXP s, SEXP max) {
  if (TYPEOF(p) != STRSXP || XLENGTH(p) != 1) Rf_error("arena prefix must be one string");
  double m = Rf_isNull(max) || ISNAN(Rf_asReal(max)) ? -1 : Rf_asReal(max);
  if (!Rf_isNull(max) && !ISNAN(Rf_asReal(max)) && !(m >= 0)) Rf_error("arena: bad max_bytes %g", m);
  create(CHAR(STRING_ELT(p, 0)), Rf_asInteger(s), m);
  return R_NilValue;
}

/* alloc(n, data): a block of n bytes, `data` (raw or NULL) copied to its start; returns the relptr. */
SEXP mlr_c_arena_alloc(SEXP n, SEXP data) {
  size_t len = size_arg(n, "size");
  if (!Rf_isNull(data) && (TYPEOF(data) != RAWSXP || (size_t)XLENGTH(data) > len))
    Rf_error("arena alloc: data must be a raw vector of at most %.0f bytes", (double)len);
  uint8_t *p;
  uint64_t r = mlr_arena_alloc(len, &p);
  if (!Rf_isNull(data) && XLENGTH(data) > 0) memcpy(p, RAW(data), XLENGTH(data));
  return relptr_sexp(r);
}

/* write(relptr, offset, raw): copies raw into the payload at offset. */
SEXP mlr_c_arena_write(SEXP relptr, SEXP offset, SEXP data) {
  if (TYPEOF(data) != RAWSXP) Rf_error("arena write: data must be a raw vector");
  size_t off = size_arg(offset, "offset"), n = XLENGTH(data);
  uint8_t *p = (uint8_t *)mlr_arena_read(relptr_arg(relptr), off + n);  /* the writer's own block */
  memcpy(p + off, RAW(data), n);
  return R_NilValue;
}

/* read(relptr, offset, n): a copy of n payload bytes from offset; n NULL = to the length given at alloc. */
SEXP mlr_c_arena_read(SEXP relptr, SEXP offset, SEXP n) {
  uint64_t r = relptr_arg(relptr);
  size_t off = size_arg(offset, "offset"), len;
  if (Rf_isNull(n)) {
    len = block_length(r);
    if (off > len) Rf_error("arena read: offset %.0f is past the payload of %.0f bytes", (double)off, (double)len);
    len -= off;
  } else len = size_arg(n, "size");
  const uint8_t *p = mlr_arena_read(r, off + len);
  SEXP res = Rf_allocVector(RAWSXP, len);
  if (len) memcpy(RAW(res), p + off, len);
  return res;
}

SEXP mlr_c_arena_length(SEXP relptr) { return Rf_ScalarReal((double)block_length(relptr_arg(relptr))); }
SEXP mlr_c_arena_release(SEXP relptr) { mlr_arena_release(relptr_arg(relptr)); return R_NilValue; }
SEXP mlr_c_arena_limit(SEXP text) {
  if (TYPEOF(text) != STRSXP || XLENGTH(text) != 1) Rf_error("arena limit: expected one string");
  return Rf_ScalarReal(arena_limit(STRING_ELT(text, 0) == NA_STRING ? NULL : CHAR(STRING_ELT(text, 0))));
}

/* The 8 little-endian bytes of a relptr (for stamping a block). */
SEXP mlr_c_relptr_raw(SEXP relptr) {
  SEXP res = Rf_allocVector(RAWSXP, 8);
  mlr_put_u64(RAW(res), relptr_arg(relptr));
  return res;
}

/* put(schema, value): the value's blob in a new block; get(schema, relptr): the value decoded from
 * a block (not released). */
SEXP mlr_c_arena_put(SEXP schema, SEXP value) {
  if (TYPEOF(schema) != STRSXP || XLENGTH(schema) != 1) Rf_error("a schema must be one string");
  Schema *s = mlr_parse_schema(Rf_translateCharUTF8(STRING_ELT(schema, 0)));
  size_t n = mlr_encoded_size(s, value);
  uint8_t *p;
  uint64_t r = mlr_arena_alloc(n, &p);
  mlr_encode_into(s, value, p, n);
  return relptr_sexp(r);
}

SEXP mlr_c_arena_get(SEXP schema, SEXP relptr) {
  if (TYPEOF(schema) != STRSXP || XLENGTH(schema) != 1) Rf_error("a schema must be one string");
  Schema *s = mlr_parse_schema(Rf_translateCharUTF8(STRING_ELT(schema, 0)));
  uint64_t r = relptr_arg(relptr);
  size_t n = block_length(r);
  return mlr_decode_blob(s, mlr_arena_read(r, n), n);
}

/* info(): list(outstanding, mapped_bytes, own_volumes, max_bytes) for tests and leak checks. */
SEXP mlr_c_arena_info(void) {
  SEXP res = PROTECT(Rf_allocVector(VECSXP, 4)), names = PROTECT(Rf_allocVector(STRSXP, 4));
  SEXP own = PROTECT(Rf_allocVector(STRSXP, nown));
  for (int i = 0; i < nown; i++) SET_STRING_ELT(own, i, Rf_mkChar(own_names[i] + strlen(SHM)));
  SET_VECTOR_ELT(res, 0, Rf_ScalarInteger(nout));
  SET_VECTOR_ELT(res, 1, Rf_ScalarReal(mapped_bytes()));
  SET_VECTOR_ELT(res, 2, own);
  SET_VECTOR_ELT(res, 3, Rf_ScalarReal(max_bytes));
  const char *keys[] = {"outstanding", "mapped_bytes", "own_volumes", "max_bytes"};
  for (int i = 0; i < 4; i++) SET_STRING_ELT(names, i, Rf_mkChar(keys[i]));
  Rf_setAttrib(res, R_NamesSymbol, names);
  UNPROTECT(3);
  return res;
}
