/* Shared declarations of the morloc R runtime's C part (pools/r/src): schema strings, the binary
 * value codec, the shared-memory arena and packet/socket helpers, all called from morloc.R. */
#ifndef MLR_H
#define MLR_H
#include <stddef.h>
#include <stdint.h>
#include <R.h>
#include <Rinternals.h>

typedef struct Schema {
  char kind;               /* z b i u f s a t m ? */
  int bytes;               /* width digit of i/u/f */
  size_t width, align;
  int n;                   /* fields of t/m */
  struct Schema **kids;    /* element (a, ?) or fields (t, m) */
  size_t *offsets;         /* field offsets of t/m */
  const char **keys;       /* record keys (NUL-terminated UTF-8) */
  int depth;               /* nesting depth below this node, for error paths */
} Schema;

/* codec.c */
Schema *mlr_parse_schema(const char *text);  /* R_alloc'ed; Rf_error on a bad schema */
size_t mlr_encoded_size(Schema *s, SEXP value);        /* validates; Rf_error names the path */
void mlr_encode_into(Schema *s, SEXP value, uint8_t *buf, size_t size);
SEXP mlr_decode_blob(Schema *s, const uint8_t *buf, size_t size);

/* arena.c */
void mlr_arena_setup(const char *prefix, int slot);
uint64_t mlr_arena_alloc(size_t n, uint8_t **data);
const uint8_t *mlr_arena_read(uint64_t relptr, size_t size);
void mlr_arena_release(uint64_t relptr);
void mlr_arena_check_in_use(uint64_t relptr);
void mlr_arena_close(void);
void mlr_arena_unlink_own(void);
int mlr_arena_outstanding(void);

/* little-endian helpers */
static inline void mlr_put_u32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static inline void mlr_put_u64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static inline uint32_t mlr_get_u32(const uint8_t *p) { uint32_t v = 0; for (int i = 3; i >= 0; i--) v = (v << 8) | p[i]; return v; }
static inline uint64_t mlr_get_u64(const uint8_t *p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = (v << 8) | p[i]; return v; }

#define MLR_INLINE_LIMIT 65536

/* bell.c: doorbell channels (docs/protocol.md), offsets of the control words */
#define MLR_BELL_SIZE 16384
#define MLR_BELL_CONTROL 64
#define MLR_BELL_SLOT (MLR_BELL_SIZE - MLR_BELL_CONTROL)
#define MLR_BELL_REQ 0
#define MLR_BELL_RESP 4
#define MLR_BELL_REQ_SLEEP 8
#define MLR_BELL_RESP_SLEEP 12
#define MLR_BELL_LEN 16
#define MLR_BELL_BIG_RELPTR 24
#define MLR_BELL_BIG_LEN 32
#define MLR_BELL_BIG 0xFFFFFFFFu
#define MLR_SLEEP_FUTEX 1u  /* values of a sleep flag: asleep on the futex, or in poll() (R) */
#define MLR_SLEEP_POLL 2u
uint32_t mlr_bell_load(uint8_t *base, size_t off);
void mlr_bell_flag(uint8_t *base, size_t off, uint32_t v);
long mlr_bell_after(void);
long mlr_bell_spin_ns(void);
long mlr_now_ns(void);
void mlr_cpu_relax(void);
void mlr_bell_post(uint8_t *base, int fd, const uint8_t *msg, size_t n, size_t ring, size_t sleeping);
SEXP mlr_bell_take(uint8_t *base);
int mlr_bell_drain(int fd);
/* a call that may raise, run under R_tryCatchError: NULL and the message in `err` when it did */
typedef struct { SEXP (*fn)(void *); void *arg; char err[256]; } MlrGuarded;
SEXP mlr_guarded(SEXP (*fn)(void *), void *arg, MlrGuarded *g);
SEXP mlr_bell_take_safe(uint8_t *base, MlrGuarded *g);

/* net.c: whole writes (0, or -1 when the peer is gone) and whole packets (NULL at EOF or error) */
int mlr_send_all(int fd, const uint8_t *p, size_t n);
SEXP mlr_recv_packet(int fd);

/* serve.c: the serving loop. The channel whose reply a frame waits for (a foreign call of R's on
 * the doorbell, call.c) and its reply word before the call; chan NULL: the frame waits on a socket
 * or on nothing. */
typedef struct { uint8_t *chan; uint32_t seen; } Awaited;
int mlr_serve_until(int wait_fd, const Awaited *w);

#endif
