/* The shared-memory arena (docs/arena.md §3) for the R pool: volumes /dev/shm/<prefix>-<slot>-<n>,
 * first-fit allocation in this process's own volumes, reading any volume of the run, release by
 * a compare-and-swap of the block state 1 -> 2. R is single-threaded, so no lock is needed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mlr.h"

#define VOL_MAGIC 0x61636C6Du
#define BLK_MAGIC 0x6B6C626Du
#define FIRST_VOLUME (1u << 20)

typedef struct { size_t start, end; } Extent;
typedef struct {
  uint8_t *base; size_t size; int own;
  Extent *free; int nfree, capfree;   /* own volumes: sorted, coalesced free extents */
} Vol;

static char prefix[200];
static int slot = -1;
static Vol *vols[65536];
static int nown;                      /* own volumes are 0..nown-1 of our slot */
static uint64_t *out; static int nout, capout;
static char own_names[256][224];      /* for the SIGTERM handler: nothing to format there */

static size_t up(size_t x, size_t a) { return (x + a - 1) / a * a; }

void mlr_arena_setup(const char *p, int s) {
  if (strlen(p) >= sizeof prefix) Rf_error("arena prefix too long");
  strcpy(prefix, p);
  slot = s;
}

static void vol_name(char *buf, size_t cap, int vid) {
  snprintf(buf, cap, "/%s-%d-%d", prefix, vid >> 8, vid & 255);
}

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
    return;
  }
  if (i < v->nfree && v->free[i].start == end) { v->free[i].start = start; return; }
  if (v->nfree == v->capfree) {
    int cap = v->capfree ? 2 * v->capfree : 16;
    Extent *e = realloc(v->free, cap * sizeof(Extent));
    if (!e) Rf_error("out of memory");
    v->free = e; v->capfree = cap;
  }
  memmove(&v->free[i + 1], &v->free[i], (v->nfree - i) * sizeof(Extent));
  v->free[i].start = start; v->free[i].end = end;
  v->nfree++;
}

static uint8_t *block(uint64_t relptr, Vol **vp) {
  int vid = (int)(relptr >> 48);
  size_t off = relptr & 0xFFFFFFFFFFFFull;
  Vol *v = vols[vid];
  if (!v) {
    if (slot < 0) Rf_error("the arena is not set up (MORLOC_ARENA)");
    char name[256];
    vol_name(name, sizeof name, vid);
    int fd = shm_open(name, O_RDWR, 0);
    if (fd < 0) Rf_error("cannot open arena volume %s: %s", name, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size < 64) { close(fd); Rf_error("arena volume %s is too small", name); }
    void *m = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (m == MAP_FAILED) Rf_error("cannot map arena volume %s: %s", name, strerror(errno));
    if (mlr_get_u32(m) != VOL_MAGIC) { munmap(m, st.st_size); Rf_error("arena volume %s has a bad magic", name); }
    v = calloc(1, sizeof(Vol));
    if (!v) Rf_error("out of memory");
    v->base = m; v->size = st.st_size;
    vols[vid] = v;
  }
  if (off < 128 || off % 64 != 0 || off > v->size) Rf_error("bad relptr 0x%016llx", (unsigned long long)relptr);
  uint8_t *h = v->base + off - 64;
  if (mlr_get_u32(h) != BLK_MAGIC) Rf_error("no arena block at relptr 0x%016llx", (unsigned long long)relptr);
  if (vp) *vp = v;
  return h;
}

static void collect(void) {
  int k = 0;
  for (int i = 0; i < nout; i++) {
    Vol *v;
    uint8_t *h = block(out[i], &v);
    uint32_t state = __atomic_load_n((uint32_t *)(h + 4), __ATOMIC_ACQUIRE);
    if (state == 2) {
      size_t start = h - v->base, size = mlr_get_u64(h + 16);
      __atomic_store_n((uint32_t *)(h + 4), 0u, __ATOMIC_RELEASE);
      add_free(v, start, start + size);
    } else out[k++] = out[i];
  }
  nout = k;
}

static void new_volume(size_t need) {
  if (nown >= 256) Rf_error("arena: slot %d already has 256 volumes", slot);
  size_t size = nown == 0 ? FIRST_VOLUME : vols[slot * 256 + nown - 1]->size * 2;
  if (size < up(64 + need, 4096)) size = up(64 + need, 4096);
  int vid = slot * 256 + nown;
  char name[256];
  vol_name(name, sizeof name, vid);
  int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
  if (fd < 0) Rf_error("cannot create arena volume %s: %s", name, strerror(errno));
  int e = posix_fallocate(fd, 0, size);
  if (e != 0) { close(fd); shm_unlink(name); Rf_error("cannot reserve %lu bytes of shared memory for %s: %s", (unsigned long)size, name, strerror(e)); }
  void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (m == MAP_FAILED) { shm_unlink(name); Rf_error("cannot map arena volume %s: %s", name, strerror(errno)); }
  uint8_t *h = m;
  memset(h, 0, 64);
  mlr_put_u32(h, VOL_MAGIC); mlr_put_u32(h + 4, 1); mlr_put_u32(h + 8, 64); mlr_put_u32(h + 12, slot);
  mlr_put_u64(h + 16, size); mlr_put_u32(h + 24, (uint32_t)getpid()); mlr_put_u32(h + 28, nown); mlr_put_u32(h + 32, vid);
  Vol *v = calloc(1, sizeof(Vol));
  if (!v) Rf_error("out of memory");
  v->base = m; v->size = size; v->own = 1;
  vols[vid] = v;
  snprintf(own_names[nown], sizeof own_names[nown], "%s", name);
  nown++;
  add_free(v, 64, size);
}

static int fit(size_t bsize, uint64_t *relptr, uint8_t **h) {
  for (int n = 0; n < nown; n++) {
    Vol *v = vols[slot * 256 + n];
    for (int i = 0; i < v->nfree; i++) {
      Extent *e = &v->free[i];
      if (e->end - e->start < bsize) continue;
      size_t start = e->start;
      e->start += bsize;
      if (e->start == e->end) { memmove(e, e + 1, (v->nfree - i - 1) * sizeof(Extent)); v->nfree--; }
      *h = v->base + start;
      *relptr = ((uint64_t)(slot * 256 + n) << 48) | (start + 64);
      return 1;
    }
  }
  return 0;
}

uint64_t mlr_arena_alloc(size_t n, uint8_t **data) {
  if (slot < 0 || !prefix[0]) Rf_error("MORLOC_ARENA is not set; cannot use the shared-memory arena");
  size_t bsize = 64 + up(n, 64);
  uint64_t relptr; uint8_t *h;
  if (nout <= 64) collect();
  if (!fit(bsize, &relptr, &h)) {
    if (nout > 64) collect();
    if (!fit(bsize, &relptr, &h)) { new_volume(bsize); fit(bsize, &relptr, &h); }
  }
  if (nout == capout) {
    int cap = capout ? 2 * capout : 64;
    uint64_t *o = realloc(out, cap * sizeof(uint64_t));
    if (!o) Rf_error("out of memory");
    out = o; capout = cap;
  }
  out[nout++] = relptr;
  memset(h, 0, 64);
  mlr_put_u32(h, BLK_MAGIC); mlr_put_u64(h + 8, n); mlr_put_u64(h + 16, bsize);
  __atomic_store_n((uint32_t *)(h + 4), 1u, __ATOMIC_RELEASE);
  *data = h + 64;
  return relptr;
}

const uint8_t *mlr_arena_read(uint64_t relptr, size_t size) {
  Vol *v;
  uint8_t *h = block(relptr, &v);
  if (size > mlr_get_u64(h + 8) || (size_t)(h + 64 - v->base) + size > v->size)
    Rf_error("arena read of %lu bytes past its block at 0x%016llx", (unsigned long)size, (unsigned long long)relptr);
  return h + 64;
}

void mlr_arena_release(uint64_t relptr) {
  uint8_t *h = block(relptr, NULL);
  uint32_t expect = 1;
  if (!__atomic_compare_exchange_n((uint32_t *)(h + 4), &expect, 2u, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    Rf_error("arena block 0x%016llx released twice (state %u)", (unsigned long long)relptr, expect);
}

int mlr_arena_outstanding(void) { return nout; }

/* Unlinks this process's volumes and nothing else: safe inside a signal handler. */
void mlr_arena_unlink_own(void) {
  for (int n = 0; n < nown; n++) shm_unlink(own_names[n]);
}

void mlr_arena_close(void) {
  for (int vid = 0; vid < 65536; vid++) {
    Vol *v = vols[vid];
    if (!v) continue;
    munmap(v->base, v->size);
    if (v->own) {
      char name[256];
      vol_name(name, sizeof name, vid);
      shm_unlink(name);
    }
    free(v->free);
    free(v);
    vols[vid] = NULL;
  }
  nown = 0; nout = 0;
}
