/* The R pool's serving loop, in C because it is the per-call hot path (bench/r_pool_overhead.R):
 * mlr_c_next polls the pool's connections, accepts, answers PING and the nexus's packets and reads
 * CALLs, returning to R only with a CALL to run (or when the pending foreign call's reply is
 * readable); mlr_c_reply / mlr_c_fail encode and send the answer. A connection whose CALL is being
 * answered is busy: not polled until its reply is sent, so nested serving (an R function's foreign
 * call) never reads the next request of a connection whose current one is still running. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <R_ext/Print.h>
#include "mlr.h"

#define MAGIC 0x0707F86Du

static int listener = -1, nexus = -1;
static int *clients;     /* accepted connections */
static char *busy;       /* parallel to clients */
static int nclients, cap;

SEXP mlr_c_serve_init(SEXP l, SEXP n) {
  listener = Rf_asInteger(l);
  nexus = Rf_asInteger(n);
  return R_NilValue;
}

static void add_client(int fd) {
  if (nclients == cap) {
    int c = cap ? 2 * cap : 16;
    int *nc = realloc(clients, c * sizeof(int));
    char *nb = nc ? realloc(busy, c) : NULL;
    if (!nc || !nb) { if (nc) clients = nc; close(fd); return; }
    clients = nc; busy = nb; cap = c;
  }
  clients[nclients] = fd; busy[nclients] = 0; nclients++;
}

static void drop_client(int fd) {
  close(fd);
  for (int i = 0; i < nclients; i++)
    if (clients[i] == fd) {
      memmove(clients + i, clients + i + 1, (nclients - i - 1) * sizeof(int));
      memmove(busy + i, busy + i + 1, nclients - i - 1);
      nclients--;
      return;
    }
}

static void set_busy(int fd, int b) {
  for (int i = 0; i < nclients; i++) if (clients[i] == fd) busy[i] = (char)b;
}

/* whole writes and exact reads that report failure instead of raising: a peer that went away is
 * dropped, as the R loop did */
static int send_all(int fd, const uint8_t *p, size_t n) {
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
static SEXP recv_packet(int fd) {
  uint8_t h[32];
  if (recv_all(fd, h, 32) != 0 || mlr_get_u32(h) != MAGIC || h[4] != 1) return NULL;
  size_t rest = (size_t)mlr_get_u32(h + 24) + mlr_get_u32(h + 28);
  SEXP out = PROTECT(Rf_allocVector(RAWSXP, 32 + rest));
  memcpy(RAW(out), h, 32);
  int bad = recv_all(fd, RAW(out) + 32, rest);
  UNPROTECT(1);
  return bad ? NULL : out;
}

static void small_packet(uint8_t *h, int kind, int format, int status, uint64_t rid, uint32_t plen) {
  memset(h, 0, 32);
  mlr_put_u32(h, MAGIC);
  h[4] = 1; h[5] = kind; h[6] = kind == 4 ? 3 : 0; h[7] = format; h[8] = status;
  mlr_put_u64(h + 16, rid); mlr_put_u32(h + 28, plen);
}

static void pong(int fd, uint64_t rid) {
  uint8_t h[32];
  small_packet(h, 4, 0, 0, rid, 0);
  if (send_all(fd, h, 32) != 0 && fd != nexus) drop_client(fd);
}

SEXP mlr_c_exit(SEXP code);

/* An ERROR packet (source INLINE, format TEXT) carrying `text`. */
static SEXP error_packet(uint64_t rid, const char *text, int status) {
  size_t n = strlen(text);
  SEXP out = PROTECT(Rf_allocVector(RAWSXP, 32 + n));
  small_packet(RAW(out), 5, 4, status, rid, (uint32_t)n);
  memcpy(RAW(out) + 32, text, n);
  UNPROTECT(1);
  return out;
}

/* Sends the reply of the CALL read from fd (fd < 0: returns it instead, for tests) and makes fd
 * pollable again. User prints come out before the result they led to. */
static SEXP answer(int fd, SEXP pkt) {
  if (fd < 0) return pkt;
  R_FlushConsole();
  fflush(stdout);
  set_busy(fd, 0);
  if (send_all(fd, RAW(pkt), XLENGTH(pkt)) != 0) drop_client(fd);
  return R_NilValue;
}

/* Waits for and handles the pool's traffic until a CALL arrives, returned as list(fd, manifold id,
 * request id, packet) with fd marked busy, or until wait_fd (a pending foreign call's connection,
 * -1 for none) is readable, returned as NULL without reading it. */
SEXP mlr_c_next(SEXP wait_arg) {
  int wait_fd = Rf_asInteger(wait_arg);
  struct pollfd *p = NULL;
  int pcap = 0;
  for (;;) {
    int n = 0, want = nclients + 3;
    if (want > pcap) { pcap = want; p = (struct pollfd *)R_alloc(pcap, sizeof(struct pollfd)); }
    if (wait_fd >= 0) p[n++].fd = wait_fd;
    if (listener >= 0) p[n++].fd = listener;
    if (nexus >= 0) p[n++].fd = nexus;
    for (int i = 0; i < nclients; i++) if (!busy[i]) p[n++].fd = clients[i];
    for (int i = 0; i < n; i++) { p[i].events = POLLIN; p[i].revents = 0; }
    int r;
    do r = poll(p, n, -1); while (r < 0 && errno == EINTR);
    if (r < 0) Rf_error("poll failed: %s", strerror(errno));
    int fd = -1;
    for (int i = 0; i < n; i++) if (p[i].revents) { fd = p[i].fd; break; }  /* one at a time, in order */
    if (fd < 0) continue;
    if (fd == wait_fd) return R_NilValue;
    if (fd == listener) {
      int c;
      do c = accept4(fd, NULL, NULL, SOCK_CLOEXEC); while (c < 0 && errno == EINTR);
      if (c >= 0) add_client(c);  /* -1 when the client already left */
      continue;
    }
    SEXP pkt = recv_packet(fd);
    if (fd == nexus) {
      if (!pkt || RAW(pkt)[5] == 7) mlr_c_exit(Rf_ScalarInteger(0));  /* the nexus is gone, or asks us to go */
      if (RAW(pkt)[5] == 3) pong(fd, mlr_get_u64(RAW(pkt) + 16));
      continue;
    }
    if (!pkt) { drop_client(fd); continue; }  /* the client went away */
    PROTECT(pkt);
    const uint8_t *h = RAW(pkt);
    uint64_t rid = mlr_get_u64(h + 16);
    if (h[5] == 1) {
      set_busy(fd, 1);
      SEXP out = PROTECT(Rf_allocVector(VECSXP, 4));
      SET_VECTOR_ELT(out, 0, Rf_ScalarInteger(fd));
      SET_VECTOR_ELT(out, 1, Rf_ScalarReal(mlr_get_u32(h + 12)));
      SET_VECTOR_ELT(out, 2, Rf_ScalarReal((double)rid));
      SET_VECTOR_ELT(out, 3, pkt);
      UNPROTECT(2);
      return out;
    }
    if (h[5] == 7) mlr_c_exit(Rf_ScalarInteger(0));
    if (h[5] == 3) pong(fd, rid);
    else {
      char m[64];
      snprintf(m, sizeof m, "unexpected packet kind %d", h[5]);
      if (send_all(fd, RAW(error_packet(rid, m, 1)), 32 + strlen(m)) != 0) drop_client(fd);
    }
    UNPROTECT(1);
  }
}

SEXP mlr_c_data_packet(SEXP schema, SEXP value, SEXP rid);

/* The DATA reply of a CALL: encoding errors (the value does not fit its schema) raise before
 * anything is sent. */
SEXP mlr_c_reply(SEXP fd, SEXP schema, SEXP value, SEXP rid) {
  SEXP pkt = PROTECT(mlr_c_data_packet(schema, value, rid));
  SEXP out = answer(Rf_asInteger(fd), pkt);
  UNPROTECT(1);
  return out;
}

/* The ERROR reply of a CALL. */
SEXP mlr_c_fail(SEXP fd, SEXP rid, SEXP text, SEXP status) {
  SEXP pkt = PROTECT(error_packet((uint64_t)Rf_asReal(rid), Rf_translateCharUTF8(STRING_ELT(text, 0)), Rf_asInteger(status)));
  SEXP out = answer(Rf_asInteger(fd), pkt);
  UNPROTECT(1);
  return out;
}

/* The arguments of a CALL packet decoded by their schemas, as a list, straight from the packet. The
 * consumer frees: every arena block is checked first, then each is decoded in place and released;
 * when anything fails, the blocks not yet released are released by the cleanup (they were checked,
 * so their release cannot fail). */
typedef struct {
  SEXP schemas, pkt; int mid;
  int count, checked, next;   /* argument packets; arena blocks checked; the first not yet released */
  size_t *at;                 /* offset of each argument packet */
  const uint8_t **data;       /* the arena blob of each argument, NULL when inline */
} Args;

static uint64_t arg_relptr(const uint8_t *q) { return mlr_get_u64(q + 32 + mlr_get_u32(q + 24)); }

static SEXP args_body(void *d) {
  Args *a = d;
  const uint8_t *p = RAW(a->pkt);
  size_t len = XLENGTH(a->pkt), mlen = mlr_get_u32(p + 24), plen = mlr_get_u32(p + 28);
  size_t pos = 32 + mlen, end = pos + plen;
  if (end > len) Rf_error("truncated packet");
  int count = 0;
  for (size_t q = pos; q < end; count++) {
    if (end - q < 32 || mlr_get_u32(p + q) != MAGIC) Rf_error("truncated argument packet");
    size_t n = 32 + (size_t)mlr_get_u32(p + q + 24) + mlr_get_u32(p + q + 28);
    if (n > end - q) Rf_error("truncated argument packet");
    q += n;
  }
  a->at = (size_t *)R_alloc(count + 1, sizeof(size_t));
  a->data = (const uint8_t **)R_alloc(count + 1, sizeof(uint8_t *));
  for (size_t q = pos; q < end; a->count++) {
    a->at[a->count] = q;
    a->data[a->count] = NULL;
    q += 32 + (size_t)mlr_get_u32(p + q + 24) + mlr_get_u32(p + q + 28);
  }
  for (int i = 0; i < count; i++) {
    const uint8_t *q = p + a->at[i];
    if (q[5] != 2) Rf_error("expected a DATA packet, got kind %d", q[5]);
    if (q[6] == 0) continue;
    if (q[6] != 1 || mlr_get_u32(q + 28) != 16) Rf_error("unsupported DATA source %d in a pool", q[6]);
    uint64_t relptr = arg_relptr(q);
    a->data[i] = mlr_arena_read(relptr, mlr_get_u64(q + 40 + mlr_get_u32(q + 24)));
    mlr_arena_check_in_use(relptr);
    a->checked = i + 1;
  }
  a->checked = count;
  int want = LENGTH(a->schemas);
  if (count != want) Rf_error("manifold %d takes %d arguments, got %d", a->mid, want, count);
  SEXP out = PROTECT(Rf_allocVector(VECSXP, want));
  for (int i = 0; i < want; i++) {
    const uint8_t *q = p + a->at[i];
    Schema *s = mlr_parse_schema(Rf_translateCharUTF8(STRING_ELT(a->schemas, i)));
    size_t ml = mlr_get_u32(q + 24);
    if (a->data[i]) SET_VECTOR_ELT(out, i, mlr_decode_blob(s, a->data[i], mlr_get_u64(q + 40 + ml)));
    else SET_VECTOR_ELT(out, i, mlr_decode_blob(s, q + 32 + ml, mlr_get_u32(q + 28)));
    if (a->data[i]) mlr_arena_release(arg_relptr(q));
    a->next = i + 1;
  }
  UNPROTECT(1);
  return out;
}

static void args_cleanup(void *d) {
  Args *a = d;
  const uint8_t *p = RAW(a->pkt);
  for (int i = a->next; i < a->checked; i++) if (a->data[i]) mlr_arena_release(arg_relptr(p + a->at[i]));
}

SEXP mlr_c_args(SEXP schemas, SEXP pkt, SEXP mid) {
  if (TYPEOF(pkt) != RAWSXP || XLENGTH(pkt) < 32) Rf_error("truncated packet");
  if (TYPEOF(schemas) != STRSXP && schemas != R_NilValue) Rf_error("argument schemas must be strings");
  Args a = {schemas, pkt, Rf_asInteger(mid), 0, 0, 0, NULL, NULL};
  return R_ExecWithCleanup(args_body, &a, args_cleanup, &a);
}
