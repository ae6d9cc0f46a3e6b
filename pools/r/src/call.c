/* R's calls to other pools (morloc.R's foreign_call), in C because an R-level call cost ~30 µs of R
 * work (building packets, tryCatch, list updates) against a few µs of transport on the doorbell.
 * One CALL goes over a kept connection to the peer: on the socket for its first MORLOC_BELL_AFTER
 * calls, then on a doorbell channel that R allocates in its own arena and offers with BELL
 * (docs/protocol.md). While a call waits, the pool keeps serving its other connections (serve.c), so
 * re-entrant chains work either way. Failures of the call itself come back as a value, not as an R
 * error, so that foreign_call needs no tryCatch (see mlr_c_foreign). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "mlr.h"

SEXP mlr_c_data_packet(SEXP schema, SEXP value, SEXP rid);
SEXP mlr_c_packet_value(SEXP schema, SEXP pkt);

/* A kept connection to another pool: its peer, whether a call uses it now, the calls made on its
 * socket so far (negative: the peer declined the doorbell), and its channel once it has one. */
typedef struct { int fd; char lang[16]; char busy; long calls; uint8_t *chan; } Out;
static Out *outs;
static int nouts, capouts;
static uint64_t last_rid;

static Out *out_of(int fd) {
  for (int i = 0; i < nouts; i++) if (outs[i].fd == fd) return &outs[i];
  return NULL;
}

static void forget(int fd) {
  close(fd);
  for (int i = 0; i < nouts; i++)
    if (outs[i].fd == fd) { outs[i] = outs[--nouts]; return; }
}

/* An idle kept connection to `lang`, or a new one (-1 and `err` when the pool cannot be reached). */
static int take(const char *lang, char *err, size_t errlen) {
  for (int i = 0; i < nouts; i++)
    if (!outs[i].busy && !strcmp(outs[i].lang, lang)) { outs[i].busy = 1; return outs[i].fd; }
  if (nouts == capouts) {
    int c = capouts ? 2 * capouts : 8;
    Out *n = realloc(outs, c * sizeof(Out));
    if (!n) { snprintf(err, errlen, "out of memory"); return -1; }
    outs = n; capouts = c;
  }
  struct sockaddr_un a;
  memset(&a, 0, sizeof a);
  a.sun_family = AF_UNIX;
  const char *dir = getenv("MORLOC_RUN_DIR");
  if ((size_t)snprintf(a.sun_path, sizeof a.sun_path, "%s/%s.sock", dir ? dir : "", lang) >= sizeof a.sun_path) {
    snprintf(err, errlen, "socket path too long: %s/%s.sock", dir ? dir : "", lang);
    return -1;
  }
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
    snprintf(err, errlen, "cannot connect to %s: %s", a.sun_path, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  Out *o = &outs[nouts++];
  *o = (Out){fd, "", 1, 0, NULL};
  snprintf(o->lang, sizeof o->lang, "%s", lang);
  return fd;
}

/* Pools whose servers answer BELL (R itself never calls R). */
static int bell_peer(const char *lang) { return !strcmp(lang, "cpp") || !strcmp(lang, "py") || !strcmp(lang, "ts"); }

/* Sends a packet and serves the pool until its reply is readable: the reply, or NULL when the
 * connection failed. */
static SEXP exchange(int fd, SEXP pkt) {
  if (mlr_send_all(fd, RAW(pkt), XLENGTH(pkt)) != 0) return NULL;
  Awaited none = {NULL, 0};
  mlr_serve_until(fd, &none);
  return mlr_recv_packet(fd);
}

typedef struct { uint8_t *data; uint64_t relptr; } Alloc;
static SEXP alloc_body(void *d) {
  Alloc *a = d;
  a->relptr = mlr_arena_alloc(MLR_BELL_SIZE, &a->data);
  return R_NilValue;
}

/* Offers the connection a channel block of ours. A peer that declines, or an arena we cannot use,
 * leaves the connection on the socket for good. 0, or -1 when the connection failed meanwhile. */
static int open_bell(int fd, uint64_t rid) {
  Alloc a = {NULL, 0};
  MlrGuarded g;
  if (!mlr_guarded(alloc_body, &a, &g) || !a.data) { out_of(fd)->calls = -1; return 0; }  /* quietly */
  memset(a.data, 0, MLR_BELL_CONTROL);
  SEXP ask = PROTECT(Rf_allocVector(RAWSXP, 40));
  uint8_t *h = RAW(ask);
  memset(h, 0, 40);
  mlr_put_u32(h, 0x0707F86Du);
  h[4] = 1; h[5] = 8; h[6] = 3;  /* BELL, source NONE */
  mlr_put_u64(h + 16, rid); mlr_put_u32(h + 28, 8); mlr_put_u64(h + 32, a.relptr);
  SEXP ack = exchange(fd, ask);
  UNPROTECT(1);
  if (!ack) return -1;
  const uint8_t *k = RAW(ack);
  Out *o = out_of(fd);  /* looked up again: serving may have added connections */
  if (k[5] == 8 && k[8] == 0 && mlr_get_u64(k + 16) == rid) o->chan = a.data;
  else {
    o->calls = -1;
    mlr_arena_release(a.relptr);  /* the peer never saw it */
  }
  return 0;
}

typedef struct { uint8_t *chan; int fd; SEXP pkt; } Post;
static SEXP post_body(void *d) {
  Post *p = d;
  mlr_bell_post(p->chan, p->fd, RAW(p->pkt), XLENGTH(p->pkt), MLR_BELL_REQ, MLR_BELL_REQ_SLEEP);
  return R_NilValue;
}

/* One CALL on kept connection fd: the reply packet, or NULL (and `err`) when the connection failed. */
static SEXP call_on(int fd, const char *lang, SEXP pkt, MlrGuarded *g) {
  Out *o = out_of(fd);
  long after = mlr_bell_after();
  if (!o->chan && after >= 0 && o->calls >= 0 && o->calls++ >= after && bell_peer(lang))
    if (open_bell(fd, mlr_get_u64(RAW(pkt) + 16)) != 0) { snprintf(g->err, sizeof g->err, "connection closed by peer"); return NULL; }
  uint8_t *chan = out_of(fd)->chan;
  if (!chan) {
    SEXP reply = exchange(fd, pkt);
    if (!reply) snprintf(g->err, sizeof g->err, "connection closed by peer");
    return reply;
  }
  Awaited w = {chan, mlr_bell_load(chan, MLR_BELL_RESP)};
  Post p = {chan, fd, pkt};
  if (XLENGTH(pkt) <= MLR_BELL_SLOT) post_body(&p);
  else if (!mlr_guarded(post_body, &p, g)) {
    /* a CALL larger than the slot needs an arena block of ours, past the arena's limit here: the
     * channel is untouched, so the connection stays usable and the error is the caller's */
    o = out_of(fd);
    o->busy = 0;
    Rf_error("%s", g->err);
  }
  if (mlr_serve_until(fd, &w) < 0) { snprintf(g->err, sizeof g->err, "connection closed by peer"); return NULL; }
  return mlr_bell_take_safe(chan, g);
}

/* foreign_call's failures, returned instead of raised: list(kind, text, status) marked with the
 * attribute mlr_failure; kind "lost" (the pool or its connection), "remote" (the callee raised),
 * "local" (a reply that makes no sense). */
static SEXP failure(const char *kind, const char *text, int status) {
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 3));
  SET_VECTOR_ELT(out, 0, Rf_mkString(kind));
  SEXP t = PROTECT(Rf_allocVector(STRSXP, 1));
  SET_STRING_ELT(t, 0, Rf_mkCharCE(text, CE_UTF8));
  SET_VECTOR_ELT(out, 1, t);
  SET_VECTOR_ELT(out, 2, Rf_ScalarInteger(status));
  Rf_setAttrib(out, Rf_install("mlr_failure"), Rf_ScalarLogical(1));
  UNPROTECT(2);
  return out;
}

/* Calls manifold `mid` of pool `lang` with the R values `args` encoded by `arg_schemas`: the result
 * decoded by `ret_schema`, or a failure (above). An argument that does not fit its schema, or a
 * result that does not decode, raises as an R error. */
SEXP mlr_c_foreign(SEXP lang_arg, SEXP mid_arg, SEXP args, SEXP arg_schemas, SEXP ret_schema) {
  const char *lang = CHAR(STRING_ELT(lang_arg, 0));
  int mid = Rf_asInteger(mid_arg);
  if (TYPEOF(arg_schemas) != STRSXP && arg_schemas != R_NilValue) Rf_error("argument schemas must be strings");
  if (TYPEOF(args) != VECSXP && args != R_NilValue) Rf_error("the arguments of a foreign call must be a list");
  R_xlen_t n = Rf_xlength(arg_schemas);  /* NULL (c()) for a call without arguments */
  SEXP parts = PROTECT(Rf_allocVector(VECSXP, n));
  SEXP zero = PROTECT(Rf_ScalarReal(0));
  size_t plen = 0;
  for (R_xlen_t i = 0; i < n; i++) {
    SEXP schema = PROTECT(Rf_ScalarString(STRING_ELT(arg_schemas, i)));
    SET_VECTOR_ELT(parts, i, mlr_c_data_packet(schema, i < Rf_xlength(args) ? VECTOR_ELT(args, i) : R_NilValue, zero));
    UNPROTECT(1);
    plen += XLENGTH(VECTOR_ELT(parts, i));
  }
  uint64_t rid = ++last_rid;
  SEXP pkt = PROTECT(Rf_allocVector(RAWSXP, 32 + plen));
  uint8_t *h = RAW(pkt);
  memset(h, 0, 32);
  mlr_put_u32(h, 0x0707F86Du);
  h[4] = 1; h[5] = 1; h[6] = 3;  /* CALL, source NONE */
  mlr_put_u32(h + 12, (uint32_t)mid); mlr_put_u64(h + 16, rid); mlr_put_u32(h + 28, (uint32_t)plen);
  for (R_xlen_t i = 0, at = 32; i < n; i++) {
    SEXP part = VECTOR_ELT(parts, i);
    memcpy(h + at, RAW(part), XLENGTH(part));
    at += XLENGTH(part);
  }
  char text[600];
  MlrGuarded g;
  g.err[0] = 0;
  int fd = take(lang, g.err, sizeof g.err);
  if (fd < 0) {
    snprintf(text, sizeof text, "cannot reach the %s pool: %s", lang, g.err);
    UNPROTECT(3);
    return failure("lost", text, 2);
  }
  SEXP reply = call_on(fd, lang, pkt, &g);
  if (!reply) {
    forget(fd);
    snprintf(text, sizeof text, "lost the connection to the %s pool during a call of manifold %d: %s", lang, mid, g.err);
    UNPROTECT(3);
    return failure("lost", text, 2);
  }
  PROTECT(reply);
  const uint8_t *r = RAW(reply);
  if (XLENGTH(reply) < 32 || mlr_get_u64(r + 16) != rid) {
    forget(fd);
    snprintf(text, sizeof text, "reply for request %.0f, expected %.0f", XLENGTH(reply) < 32 ? -1.0 : (double)mlr_get_u64(r + 16), (double)rid);
    UNPROTECT(4);
    return failure("local", text, 1);
  }
  out_of(fd)->busy = 0;  /* back to the idle connections */
  SEXP out;
  if (r[5] == 5) {
    size_t mlen = mlr_get_u32(r + 24), tlen = mlr_get_u32(r + 28);
    if (32 + mlen + tlen > (size_t)XLENGTH(reply)) tlen = 0;
    SEXP t = PROTECT(Rf_allocVector(STRSXP, 1));
    SET_STRING_ELT(t, 0, Rf_mkCharLenCE((const char *)r + 32 + mlen, (int)tlen, CE_UTF8));
    out = failure("remote", "", r[8]);
    SET_VECTOR_ELT(out, 1, t);
    UNPROTECT(1);
  } else {
    out = mlr_c_packet_value(ret_schema, reply);
  }
  UNPROTECT(4);
  return out;
}
