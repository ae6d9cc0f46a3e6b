/* Packets (docs/protocol.md) and UNIX sockets for the R pool, and the table of .Call entry points.
 * Reads are exact (EOF mid-packet is an error), writes are whole, poll waits on many connections
 * so the single-threaded R pool can serve while it waits for a foreign reply. */
#define _GNU_SOURCE
#include <malloc.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <R_ext/Rdynload.h>
#include "mlr.h"

#define MAGIC 0x0707F86Du

static void header(uint8_t *h, int kind, int source, int format, int status, uint32_t call, uint64_t rid, uint32_t mlen, uint32_t plen) {
  memset(h, 0, 32);
  mlr_put_u32(h, MAGIC);
  h[4] = 1; h[5] = kind; h[6] = source; h[7] = format; h[8] = status;
  mlr_put_u32(h + 12, call); mlr_put_u64(h + 16, rid); mlr_put_u32(h + 24, mlen); mlr_put_u32(h + 28, plen);
}

static void check_header(const uint8_t *h) {
  if (mlr_get_u32(h) != MAGIC) Rf_error("bad packet magic 0x%08x", mlr_get_u32(h));
  if (h[4] != 1) Rf_error("unsupported packet version %d", h[4]);
}

static Schema *schema_arg(SEXP s) {
  if (TYPEOF(s) != STRSXP || XLENGTH(s) != 1) Rf_error("a schema must be one string");
  return mlr_parse_schema(Rf_translateCharUTF8(STRING_ELT(s, 0)));
}

SEXP mlr_c_encode(SEXP schema, SEXP value) {
  Schema *s = schema_arg(schema);
  size_t n = mlr_encoded_size(s, value);
  SEXP out = PROTECT(Rf_allocVector(RAWSXP, n));
  mlr_encode_into(s, value, RAW(out), n);
  UNPROTECT(1);
  return out;
}

SEXP mlr_c_decode(SEXP schema, SEXP blob) {
  if (TYPEOF(blob) != RAWSXP) Rf_error("a blob must be a raw vector");
  return mlr_decode_blob(schema_arg(schema), RAW(blob), XLENGTH(blob));
}

/* A DATA packet of a value: inline up to 64 KiB, else the blob goes into the arena. */
SEXP mlr_c_data_packet(SEXP schema, SEXP value, SEXP rid) {
  Schema *s = schema_arg(schema);
  const char *meta = Rf_translateCharUTF8(STRING_ELT(schema, 0));
  size_t mlen = strlen(meta), n = mlr_encoded_size(s, value);
  int inl = n <= MLR_INLINE_LIMIT;
  size_t plen = inl ? n : 16;
  SEXP out = PROTECT(Rf_allocVector(RAWSXP, 32 + mlen + plen));
  uint8_t *p = RAW(out);
  header(p, 2, inl ? 0 : 1, 3, 0, 0, (uint64_t)Rf_asReal(rid), mlen, plen);
  memcpy(p + 32, meta, mlen);
  if (inl) mlr_encode_into(s, value, p + 32 + mlen, n);
  else {
    uint8_t *data;
    uint64_t relptr = mlr_arena_alloc(n, &data);
    mlr_encode_into(s, value, data, n);
    mlr_put_u64(p + 32 + mlen, relptr);
    mlr_put_u64(p + 40 + mlen, n);
  }
  UNPROTECT(1);
  return out;
}

/* Decoding straight from an arena block: the block is released when the decode ends, also when it
 * fails (an R error longjmps through R_ExecWithCleanup's cleanup). */
typedef struct { Schema *s; const uint8_t *src; size_t n; uint64_t relptr; } ArenaDecode;
static SEXP arena_decode(void *d) { ArenaDecode *a = d; return mlr_decode_blob(a->s, a->src, a->n); }
static void arena_done(void *d) { mlr_arena_release(((ArenaDecode *)d)->relptr); /* the consumer frees */ }

/* The value of a DATA packet; an arena block is decoded in place, then released. */
SEXP mlr_c_packet_value(SEXP schema, SEXP pkt) {
  Schema *s = schema_arg(schema);
  const uint8_t *p = RAW(pkt);
  size_t len = XLENGTH(pkt);
  if (len < 32) Rf_error("truncated packet");
  check_header(p);
  size_t mlen = mlr_get_u32(p + 24), plen = mlr_get_u32(p + 28);
  if (32 + mlen + plen > len) Rf_error("truncated packet");
  if (p[5] != 2) Rf_error("expected a DATA packet, got kind %d", p[5]);
  const uint8_t *pay = p + 32 + mlen;
  if (p[6] == 0) return mlr_decode_blob(s, pay, plen);
  if (p[6] != 1 || plen != 16) Rf_error("unsupported DATA source %d in a pool", p[6]);
  ArenaDecode a = {s, NULL, mlr_get_u64(pay + 8), mlr_get_u64(pay)};
  a.src = mlr_arena_read(a.relptr, a.n);
  mlr_arena_check_in_use(a.relptr);
  return R_ExecWithCleanup(arena_decode, &a, arena_done, &a);
}

/* a u64 from a number or a decimal string (request ids above 2^53 need the string) */
static uint64_t u64_arg(SEXP x) {
  if (TYPEOF(x) == STRSXP) return strtoull(CHAR(STRING_ELT(x, 0)), NULL, 10);
  return (uint64_t)Rf_asReal(x);
}

SEXP mlr_c_packet(SEXP kind, SEXP source, SEXP format, SEXP status, SEXP call, SEXP rid, SEXP meta, SEXP payload) {
  size_t mlen = XLENGTH(meta), plen = XLENGTH(payload);
  SEXP out = PROTECT(Rf_allocVector(RAWSXP, 32 + mlen + plen));
  header(RAW(out), Rf_asInteger(kind), Rf_asInteger(source), Rf_asInteger(format), Rf_asInteger(status),
         (uint32_t)Rf_asReal(call), u64_arg(rid), mlen, plen);
  if (mlen) memcpy(RAW(out) + 32, RAW(meta), mlen);
  if (plen) memcpy(RAW(out) + 32 + mlen, RAW(payload), plen);
  UNPROTECT(1);
  return out;
}

/* c(kind, source, format, status, call id, request id, metadata length, payload length) */
SEXP mlr_c_header(SEXP pkt) {
  if (TYPEOF(pkt) != RAWSXP || XLENGTH(pkt) < 32) Rf_error("truncated packet header");
  const uint8_t *p = RAW(pkt);
  check_header(p);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, 8));
  double *o = REAL(out);
  o[0] = p[5]; o[1] = p[6]; o[2] = p[7]; o[3] = p[8];
  o[4] = mlr_get_u32(p + 12); o[5] = (double)mlr_get_u64(p + 16); o[6] = mlr_get_u32(p + 24); o[7] = mlr_get_u32(p + 28);
  if (32 + o[6] + o[7] > XLENGTH(pkt)) Rf_error("truncated packet");
  UNPROTECT(1);
  return out;
}

/* The argument packets of a CALL payload, in order. */
SEXP mlr_c_split(SEXP payload) {
  const uint8_t *p = RAW(payload);
  size_t n = XLENGTH(payload), pos = 0, count = 0;
  while (pos < n) {
    if (n - pos < 32) Rf_error("truncated argument packet");
    check_header(p + pos);
    size_t len = 32 + (size_t)mlr_get_u32(p + pos + 24) + mlr_get_u32(p + pos + 28);
    if (len > n - pos) Rf_error("truncated argument packet");
    pos += len; count++;
  }
  SEXP out = PROTECT(Rf_allocVector(VECSXP, count));
  pos = 0;
  for (size_t i = 0; i < count; i++) {
    size_t len = 32 + (size_t)mlr_get_u32(p + pos + 24) + mlr_get_u32(p + pos + 28);
    SEXP one = Rf_allocVector(RAWSXP, len);
    SET_VECTOR_ELT(out, i, one);
    memcpy(RAW(one), p + pos, len);
    pos += len;
  }
  UNPROTECT(1);
  return out;
}

/* Whole writes and exact reads that report failure instead of raising, for the serving loop (a peer
 * that went away is dropped) and foreign calls (reported as the loss of the pool). */
int mlr_send_all(int fd, const uint8_t *p, size_t n) {
  size_t done = 0;
  while (done < n) {
    ssize_t k = send(fd, p + done, n - done, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    done += k;
  }
  return 0;
}

static int recv_all(int fd, uint8_t *p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t k = recv(fd, p + got, n - got, 0);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    got += k;
  }
  return 0;
}

/* One whole packet as a raw vector (protected by the caller), or NULL on EOF, error or a bad header. */
SEXP mlr_recv_packet(int fd) {
  uint8_t h[32];
  if (recv_all(fd, h, 32) != 0 || mlr_get_u32(h) != MAGIC || h[4] != 1) return NULL;
  size_t rest = (size_t)mlr_get_u32(h + 24) + mlr_get_u32(h + 28);
  SEXP out = PROTECT(Rf_allocVector(RAWSXP, 32 + rest));
  memcpy(RAW(out), h, 32);
  int bad = recv_all(fd, RAW(out) + 32, rest);
  UNPROTECT(1);
  return bad ? NULL : out;
}


static struct sockaddr_un address(SEXP path) {
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  const char *p = CHAR(STRING_ELT(path, 0));
  if (strlen(p) >= sizeof a.sun_path) Rf_error("socket path too long: %s", p);
  strcpy(a.sun_path, p);
  return a;
}

SEXP mlr_c_listen(SEXP path) {
  struct sockaddr_un a = address(path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 128) != 0) {
    int e = errno;
    if (fd >= 0) close(fd);
    Rf_error("cannot listen on %s: %s", a.sun_path, strerror(e));
  }
  return Rf_ScalarInteger(fd);
}

SEXP mlr_c_connect(SEXP path) {
  struct sockaddr_un a = address(path);
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    int e = errno;
    if (fd >= 0) close(fd);
    Rf_error("cannot connect to %s: %s", a.sun_path, strerror(e));
  }
  return Rf_ScalarInteger(fd);
}

SEXP mlr_c_accept(SEXP fd) {
  int c;
  do c = accept4(Rf_asInteger(fd), NULL, NULL, SOCK_CLOEXEC); while (c < 0 && errno == EINTR);
  return Rf_ScalarInteger(c);  /* -1 when the client already left */
}

SEXP mlr_c_close(SEXP fd) { close(Rf_asInteger(fd)); return R_NilValue; }

SEXP mlr_c_send(SEXP fd, SEXP bytes) {
  const uint8_t *p = RAW(bytes);
  size_t n = XLENGTH(bytes), done = 0;
  while (done < n) {
    ssize_t k = send(Rf_asInteger(fd), p + done, n - done, MSG_NOSIGNAL);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) Rf_error("send failed: %s", strerror(errno));
    done += k;
  }
  return R_NilValue;
}

/* 0 when all n bytes came, 1 at EOF before the first byte; Rf_error on EOF mid-way */
static int read_exact(int fd, uint8_t *p, size_t n, int first) {
  size_t got = 0;
  while (got < n) {
    ssize_t k = recv(fd, p + got, n - got, 0);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) Rf_error("receive failed: %s", strerror(errno));
    if (k == 0) {
      if (first && got == 0) return 1;
      Rf_error("connection closed mid-packet");
    }
    got += k;
  }
  return 0;
}

/* One whole packet, or NULL when the peer closed the connection between packets. */
SEXP mlr_c_recv(SEXP fd) {
  uint8_t h[32];
  int f = Rf_asInteger(fd);
  if (read_exact(f, h, 32, 1)) return R_NilValue;
  check_header(h);
  size_t rest = (size_t)mlr_get_u32(h + 24) + mlr_get_u32(h + 28);
  SEXP out = PROTECT(Rf_allocVector(RAWSXP, 32 + rest));
  memcpy(RAW(out), h, 32);
  read_exact(f, RAW(out) + 32, rest, 0);
  UNPROTECT(1);
  return out;
}

/* Waits until one of fds is readable (or closed); returns the 1-based indexes that are. */
SEXP mlr_c_poll(SEXP fds) {
  int n = LENGTH(fds);
  struct pollfd *p = (struct pollfd *)R_alloc(n, sizeof(struct pollfd));
  for (int i = 0; i < n; i++) { p[i].fd = INTEGER(fds)[i]; p[i].events = POLLIN; p[i].revents = 0; }
  int r;
  do r = poll(p, n, -1); while (r < 0 && errno == EINTR);
  if (r < 0) Rf_error("poll failed: %s", strerror(errno));
  SEXP out = PROTECT(Rf_allocVector(INTSXP, r));
  int k = 0;
  for (int i = 0; i < n && k < r; i++) if (p[i].revents) INTEGER(out)[k++] = i + 1;
  SETLENGTH(out, k);
  UNPROTECT(1);
  return out;
}

static void on_term(int sig) {
  (void)sig;
  mlr_arena_unlink_own();
  _exit(0);
}

/* Pool signals (docs/protocol.md): SIGTERM when the nexus dies, SIGTERM ends us cleanly, and
 * SIGINT/SIGHUP (sent to the whole process group) are the nexus's to act on, not ours. */
SEXP mlr_c_signals(void) {
  signal(SIGTERM, on_term);
  signal(SIGINT, SIG_IGN);
  signal(SIGHUP, SIG_IGN);
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() == 1) _exit(0);  /* the nexus died before we asked */
  return R_NilValue;
}

SEXP mlr_c_arena_setup(SEXP prefix, SEXP slot) {
  mlr_arena_setup(CHAR(STRING_ELT(prefix, 0)), Rf_asInteger(slot));
  return R_NilValue;
}
SEXP mlr_c_arena_close(void) { mlr_arena_close(); return R_NilValue; }
SEXP mlr_c_arena_outstanding(void) { return Rf_ScalarInteger(mlr_arena_outstanding()); }

/* Leaves at once (no R shutdown), after unlinking this process's arena volumes. */
SEXP mlr_c_exit(SEXP code) { mlr_arena_close(); fflush(stdout); fflush(stderr); _exit(Rf_asInteger(code)); }

/* arena.c: the arena for R code and tests (relptrs are decimal strings) */
SEXP mlr_c_arena_create(SEXP prefix, SEXP slot, SEXP max_bytes);
SEXP mlr_c_arena_alloc(SEXP n, SEXP data);
SEXP mlr_c_arena_write(SEXP relptr, SEXP offset, SEXP data);
SEXP mlr_c_arena_read(SEXP relptr, SEXP offset, SEXP n);
SEXP mlr_c_arena_length(SEXP relptr);
SEXP mlr_c_arena_release(SEXP relptr);
SEXP mlr_c_arena_limit(SEXP text);
SEXP mlr_c_relptr_raw(SEXP relptr);
SEXP mlr_c_arena_put(SEXP schema, SEXP value);
SEXP mlr_c_arena_get(SEXP schema, SEXP relptr);
SEXP mlr_c_arena_info(void);

/* serve.c: the serving loop */
SEXP mlr_c_serve_init(SEXP listener, SEXP nexus);
SEXP mlr_c_next(SEXP wait_fd);
SEXP mlr_c_serve_env(SEXP env);
SEXP mlr_c_answer(SEXP pkt);
SEXP mlr_c_answer_body(SEXP ptr);

/* call.c: calls to other pools */
SEXP mlr_c_foreign(SEXP lang, SEXP mid, SEXP args, SEXP arg_schemas, SEXP ret_schema);

static const R_CallMethodDef calls[] = {
  {"mlr_c_encode", (DL_FUNC)&mlr_c_encode, 2}, {"mlr_c_decode", (DL_FUNC)&mlr_c_decode, 2},
  {"mlr_c_data_packet", (DL_FUNC)&mlr_c_data_packet, 3}, {"mlr_c_packet_value", (DL_FUNC)&mlr_c_packet_value, 2},
  {"mlr_c_packet", (DL_FUNC)&mlr_c_packet, 8}, {"mlr_c_header", (DL_FUNC)&mlr_c_header, 1},
  {"mlr_c_split", (DL_FUNC)&mlr_c_split, 1}, {"mlr_c_listen", (DL_FUNC)&mlr_c_listen, 1},
  {"mlr_c_connect", (DL_FUNC)&mlr_c_connect, 1}, {"mlr_c_accept", (DL_FUNC)&mlr_c_accept, 1},
  {"mlr_c_close", (DL_FUNC)&mlr_c_close, 1}, {"mlr_c_send", (DL_FUNC)&mlr_c_send, 2},
  {"mlr_c_recv", (DL_FUNC)&mlr_c_recv, 1}, {"mlr_c_poll", (DL_FUNC)&mlr_c_poll, 1},
  {"mlr_c_signals", (DL_FUNC)&mlr_c_signals, 0}, {"mlr_c_arena_setup", (DL_FUNC)&mlr_c_arena_setup, 2},
  {"mlr_c_arena_close", (DL_FUNC)&mlr_c_arena_close, 0}, {"mlr_c_arena_outstanding", (DL_FUNC)&mlr_c_arena_outstanding, 0},
  {"mlr_c_exit", (DL_FUNC)&mlr_c_exit, 1},
  {"mlr_c_arena_create", (DL_FUNC)&mlr_c_arena_create, 3}, {"mlr_c_arena_alloc", (DL_FUNC)&mlr_c_arena_alloc, 2},
  {"mlr_c_arena_write", (DL_FUNC)&mlr_c_arena_write, 3}, {"mlr_c_arena_read", (DL_FUNC)&mlr_c_arena_read, 3},
  {"mlr_c_arena_length", (DL_FUNC)&mlr_c_arena_length, 1}, {"mlr_c_arena_release", (DL_FUNC)&mlr_c_arena_release, 1},
  {"mlr_c_arena_limit", (DL_FUNC)&mlr_c_arena_limit, 1},
  {"mlr_c_relptr_raw", (DL_FUNC)&mlr_c_relptr_raw, 1}, {"mlr_c_arena_put", (DL_FUNC)&mlr_c_arena_put, 2},
  {"mlr_c_arena_get", (DL_FUNC)&mlr_c_arena_get, 2}, {"mlr_c_arena_info", (DL_FUNC)&mlr_c_arena_info, 0},
  {"mlr_c_serve_init", (DL_FUNC)&mlr_c_serve_init, 2}, {"mlr_c_next", (DL_FUNC)&mlr_c_next, 1},
  {"mlr_c_serve_env", (DL_FUNC)&mlr_c_serve_env, 1}, {"mlr_c_answer", (DL_FUNC)&mlr_c_answer, 1},
  {"mlr_c_answer_body", (DL_FUNC)&mlr_c_answer_body, 1}, {"mlr_c_foreign", (DL_FUNC)&mlr_c_foreign, 5},
  {NULL, NULL, 0}};

void R_init_morloc_r(DllInfo *dll) {
  /* Large vectors (a decoded 100 MB list) come from the heap and stay mapped once R frees them, up
   * to 256 MiB at its top: glibc would otherwise mmap each afresh, and the first write to fresh
   * pages costs more than the copy into them (docs/bulk.md; the C++ pool does the same). */
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  R_registerRoutines(dll, NULL, calls, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
}
