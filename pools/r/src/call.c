/* R's calls to other pools (morloc.R's foreign_call): one CALL over a kept connection, on the socket
 * for its first MORLOC_BELL_AFTER calls, then on a doorbell channel that R allocates in its own arena
 * and offers with BELL (docs/protocol.md). While a call waits, the pool keeps serving its other
 * connections (serve.c), so re-entrant chains work either way. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "mlr.h"

SEXP mlr_c_recv(SEXP fd);
SEXP mlr_c_send(SEXP fd, SEXP bytes);

/* A kept connection to another pool: calls made on its socket so far (negative: the peer declined
 * the doorbell), and its channel once it has one. */
typedef struct { int fd; long calls; uint8_t *chan; } Out;
static Out *outs;
static int nouts, capouts;

static Out *out_of(int fd) {
  for (int i = 0; i < nouts; i++) if (outs[i].fd == fd) return &outs[i];
  if (nouts == capouts) {
    int c = capouts ? 2 * capouts : 8;
    Out *n = realloc(outs, c * sizeof(Out));
    if (!n) Rf_error("out of memory");
    outs = n; capouts = c;
  }
  outs[nouts] = (Out){fd, 0, NULL};
  return &outs[nouts++];
}

/* The connection is closed (morloc.R closes it when a call on it failed). */
void mlr_forget_out(int fd) {
  for (int i = 0; i < nouts; i++)
    if (outs[i].fd == fd) { outs[i] = outs[--nouts]; return; }
}

/* Pools whose servers answer BELL (R itself never calls R). */
static int bell_peer(const char *lang) { return !strcmp(lang, "cpp") || !strcmp(lang, "py") || !strcmp(lang, "ts"); }

/* Sends a packet and serves the pool until its reply is readable: the reply, or NULL at EOF. */
static SEXP exchange(int fd, SEXP pkt) {
  SEXP f = PROTECT(Rf_ScalarInteger(fd));
  mlr_c_send(f, pkt);
  Awaited none = {NULL, 0};
  mlr_serve_until(fd, &none);
  SEXP reply = mlr_c_recv(f);
  UNPROTECT(1);
  return reply;
}

typedef struct { uint8_t *data; uint64_t relptr; } Alloc;
static void alloc_body(void *d) { Alloc *a = d; a->relptr = mlr_arena_alloc(MLR_BELL_SIZE, &a->data); }

/* Offers the connection a channel block of ours. A peer that declines, or an arena we cannot use,
 * leaves the connection on the socket for good. Rf_error when the connection fails meanwhile. */
static void open_bell(int fd, uint64_t rid) {
  Alloc a = {NULL, 0};
  if (!R_ToplevelExec(alloc_body, &a) || !a.data) { out_of(fd)->calls = -1; return; }
  memset(a.data, 0, MLR_BELL_CONTROL);
  SEXP ask = PROTECT(Rf_allocVector(RAWSXP, 40));
  uint8_t *h = RAW(ask);
  memset(h, 0, 40);
  mlr_put_u32(h, 0x0707F86Du);
  h[4] = 1; h[5] = 8; h[6] = 3;  /* BELL, source NONE */
  mlr_put_u64(h + 16, rid); mlr_put_u32(h + 28, 8); mlr_put_u64(h + 32, a.relptr);
  SEXP ack = exchange(fd, ask);
  if (ack == R_NilValue) Rf_error("connection closed by peer");
  const uint8_t *k = RAW(ack);
  Out *o = out_of(fd);  /* looked up again: serving may have added connections */
  if (XLENGTH(ack) >= 32 && k[5] == 8 && k[8] == 0 && mlr_get_u64(k + 16) == rid) o->chan = a.data;
  else {
    o->calls = -1;
    mlr_arena_release(a.relptr);  /* the peer never saw it */
  }
  UNPROTECT(1);
}

/* One call on kept connection fd to pool `lang`: the reply packet, or NULL when the connection
 * closed. Rf_error when it fails otherwise (morloc.R reports either as the loss of the pool). */
SEXP mlr_c_call(SEXP fd_arg, SEXP lang, SEXP pkt) {
  int fd = Rf_asInteger(fd_arg);
  if (TYPEOF(pkt) != RAWSXP || XLENGTH(pkt) < 32) Rf_error("truncated packet");
  Out *o = out_of(fd);
  long after = mlr_bell_after();
  if (!o->chan && after >= 0 && o->calls >= 0 && o->calls++ >= after && bell_peer(CHAR(STRING_ELT(lang, 0))))
    open_bell(fd, mlr_get_u64(RAW(pkt) + 16));
  uint8_t *chan = out_of(fd)->chan;
  if (!chan) return exchange(fd, pkt);
  Awaited w = {chan, mlr_bell_load(chan, MLR_BELL_RESP)};
  mlr_bell_post(chan, fd, RAW(pkt), XLENGTH(pkt), MLR_BELL_REQ, MLR_BELL_REQ_SLEEP);
  if (mlr_serve_until(fd, &w) < 0) return R_NilValue;
  return mlr_bell_take(chan);
}
