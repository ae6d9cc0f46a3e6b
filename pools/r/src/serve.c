/* The R pool's serving loop, in C because it is the per-call hot path (bench/r_pool_overhead.R):
 * mlr_c_next polls the pool's connections, accepts, answers PING and the nexus's packets, reads
 * CALLs, decodes their arguments, runs the manifold's R function and sends the reply, returning to
 * R only when the pending foreign call's reply is readable. A connection whose CALL is being
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
#include <sched.h>
#include "mlr.h"

SEXP mlr_c_data_packet(SEXP schema, SEXP value, SEXP rid);

#define MAGIC 0x0707F86Du

static int listener = -1, nexus = -1;

/* An accepted connection. `busy` while its CALL is answered (not polled nor rung until the reply
 * is sent); `chan` once its caller moved it to a doorbell channel, whose requests R has seen up to
 * `seen`: from then on its socket carries only nudges and its close. */
typedef struct { int fd; char busy; uint8_t *chan; uint32_t seen; } Client;
static Client *clients;
static int nclients, cap;

SEXP mlr_c_serve_init(SEXP l, SEXP n) {
  listener = Rf_asInteger(l);
  nexus = Rf_asInteger(n);
  return R_NilValue;
}

static SEXP env;  /* morloc.R's .mlr: manifolds, lang, C (routine addresses), record, cond, home */

/* .mlr, the R side's state (kept alive by morloc.R's environment) */
SEXP mlr_c_serve_env(SEXP e) { env = e; return R_NilValue; }

static void add_client(int fd) {
  if (nclients == cap) {
    int c = cap ? 2 * cap : 16;
    Client *nc = realloc(clients, c * sizeof(Client));
    if (!nc) { close(fd); return; }
    clients = nc; cap = c;
  }
  clients[nclients++] = (Client){fd, 0, NULL, 0};
}

static Client *client(int fd) {
  for (int i = 0; i < nclients; i++) if (clients[i].fd == fd) return &clients[i];
  return NULL;
}

static void drop_client(int fd) {
  close(fd);
  Client *c = client(fd);
  if (!c) return;
  memmove(c, c + 1, (nclients - (c - clients) - 1) * sizeof(Client));
  nclients--;
}

static void set_busy(int fd, int b) {
  Client *c = client(fd);
  if (c) c->busy = (char)b;
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
  if (mlr_send_all(fd, h, 32) != 0 && fd != nexus) drop_client(fd);
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
  if (mlr_send_all(fd, RAW(pkt), XLENGTH(pkt)) != 0) drop_client(fd);
  return R_NilValue;
}

static void answer_call(int fd, SEXP pkt);
static SEXP reply_to(SEXP pkt);

/* ---------------------------------------------------------------- doorbell channels (bell.c) */

/* Posts a reply on a channel. A reply larger than the slot needs an arena block of ours; when none
 * can be had, the caller gets an ERROR saying so instead. */
typedef struct { uint8_t *base; int fd; SEXP pkt; } Post;
static SEXP post_body(void *d) {
  Post *p = d;
  mlr_bell_post(p->base, p->fd, RAW(p->pkt), XLENGTH(p->pkt), MLR_BELL_RESP, MLR_BELL_RESP_SLEEP);
  return R_NilValue;
}
static void channel_reply(uint8_t *base, int fd, SEXP pkt) {
  Post p = {base, fd, pkt};
  if (XLENGTH(pkt) <= MLR_BELL_SLOT) { post_body(&p); return; }
  MlrGuarded g;
  if (mlr_guarded(post_body, &p, &g) != NULL) return;
  char m[320];
  snprintf(m, sizeof m, "the %s pool cannot pass its reply: %s", CHAR(STRING_ELT(Rf_findVarInFrame(env, Rf_install("lang")), 0)), g.err);
  p.pkt = PROTECT(error_packet(mlr_get_u64(RAW(pkt) + 16), m, 1));
  post_body(&p);
  UNPROTECT(1);
}

/* A caller's BELL on the socket: answer OK and serve the connection from the channel block from
 * now on, or decline with an ERROR (the connection stays on the socket). */
static SEXP block_body(void *relptr) { return R_MakeExternalPtr((void *)mlr_arena_read(*(uint64_t *)relptr, MLR_BELL_SIZE), R_NilValue, R_NilValue); }
static void accept_bell(int fd, SEXP pkt) {
  const uint8_t *h = RAW(pkt);
  uint64_t rid = mlr_get_u64(h + 16);
  size_t mlen = mlr_get_u32(h + 24), plen = mlr_get_u32(h + 28);
  MlrGuarded g;
  uint8_t *base = NULL;
  if (plen != 8) snprintf(g.err, sizeof g.err, "BELL payload must be one relptr");
  else {
    uint64_t relptr = mlr_get_u64(h + 32 + mlen);
    SEXP p = mlr_guarded(block_body, &relptr, &g);
    if (p) base = R_ExternalPtrAddr(p);
    if (base && ((uintptr_t)base % 8) != 0) { base = NULL; snprintf(g.err, sizeof g.err, "the channel block is misaligned"); }
  }
  SEXP reply;
  if (base) {
    reply = PROTECT(Rf_allocVector(RAWSXP, 32));
    small_packet(RAW(reply), 8, 0, 0, rid, 0);
    RAW(reply)[6] = 3;  /* source NONE */
  } else {
    char m[300];
    snprintf(m, sizeof m, "no doorbell: %s", g.err);
    reply = PROTECT(error_packet(rid, m, 1));
  }
  if (mlr_send_all(fd, RAW(reply), XLENGTH(reply)) != 0) drop_client(fd);
  else if (base) {
    Client *c = client(fd);
    c->chan = base;
    c->seen = 0;  /* the caller zeroed the block before it asked, and may post as soon as we ack */
  }
  UNPROTECT(1);
}

/* Serves the next request on client fd's channel, which has rung. */
static void serve_channel(int fd) {
  Client *c = client(fd);
  uint8_t *base = c->chan;
  c->seen = mlr_bell_load(base, MLR_BELL_REQ);
  MlrGuarded g;
  SEXP pkt = mlr_bell_take_safe(base, &g);
  if (!pkt || XLENGTH(pkt) < 32 || mlr_get_u32(RAW(pkt)) != MAGIC) { drop_client(fd); return; }  /* as on the socket */
  PROTECT(pkt);
  const uint8_t *h = RAW(pkt);
  uint64_t rid = mlr_get_u64(h + 16);
  SEXP reply;
  if (h[5] == 1) {
    set_busy(fd, 1);
    const void *vmax = vmaxget();
    reply = PROTECT(reply_to(pkt));
    vmaxset(vmax);
    R_FlushConsole();
    fflush(stdout);
    set_busy(fd, 0);
  } else if (h[5] == 3) {
    reply = PROTECT(Rf_allocVector(RAWSXP, 32));
    small_packet(RAW(reply), 4, 0, 0, rid, 0);
  } else if (h[5] == 7) {
    mlr_c_exit(Rf_ScalarInteger(0));
    return;
  } else {
    char m[64];
    snprintf(m, sizeof m, "unexpected packet kind %d", h[5]);
    reply = PROTECT(error_packet(rid, m, 1));
  }
  if (client(fd)) channel_reply(base, fd, reply);
  UNPROTECT(2);
}

/* ------------------------------------------------------------------------- the serving loop */

static int answered(const Awaited *w) { return w->chan && mlr_bell_load(w->chan, MLR_BELL_RESP) != w->seen; }

/* A client whose channel rang and is not busy, or -1. */
static int rung_channel(void) {
  for (int i = 0; i < nclients; i++)
    if (clients[i].chan && !clients[i].busy && mlr_bell_load(clients[i].chan, MLR_BELL_REQ) != clients[i].seen) return clients[i].fd;
  return -1;
}

static int watching_channels(void) {
  for (int i = 0; i < nclients; i++) if (clients[i].chan && !clients[i].busy) return 1;
  return 0;
}

/* Sets (or clears) the sleep flag of every channel the loop waits on. */
static void arm(const Awaited *w, uint32_t how) {
  if (w->chan) mlr_bell_flag(w->chan, MLR_BELL_RESP_SLEEP, how);
  for (int i = 0; i < nclients; i++)
    if (clients[i].chan && !clients[i].busy) mlr_bell_flag(clients[i].chan, MLR_BELL_REQ_SLEEP, how);
}

/* Polls the channels' words for the adaptive budget (as bell.hpp's wait): 1 when one rang. */
static long budget_ns = -1;
static unsigned nwaits;
static int spin(const Awaited *w) {
  long full = mlr_bell_spin_ns();
  if (budget_ns < 0) budget_ns = full;
  long budget = (++nwaits % 64 == 0) ? full : budget_ns;
  if (budget <= 0) return 0;
  long start = mlr_now_ns();
  for (long now = start; now - start < budget;) {
    for (int k = 0; k < 16; k++) {
      if (answered(w) || rung_channel() >= 0) { budget_ns = full; return 1; }
      mlr_cpu_relax();
    }
    now = mlr_now_ns();
    if (now - start > 2000) {
      sched_yield();
      long after = mlr_now_ns();
      if (after - now > 20000) break;  /* the core went to someone else: cores are busy, so sleep */
      now = after;
    }
  }
  budget_ns = budget_ns >= 2000 ? budget_ns / 2 : 0;
  return 0;
}

static int poll_fds(struct pollfd *p, int n, int timeout) {
  int r;
  do r = poll(p, n, timeout); while (r < 0 && errno == EINTR);
  if (r < 0) Rf_error("poll failed: %s", strerror(errno));
  return r;
}

/* Serves the pool's traffic, CALLs included, until wait_fd (a pending foreign call's connection,
 * -1 for none: forever) is readable (returns 0, without reading it) or, when `w` names a channel,
 * until that channel's reply is posted (1) or its connection closed (-1; wait_fd is then the
 * channel's connection, which carries only nudges). Channels are served first; with channels to
 * watch, the loop looks at the sockets without sleeping, polls the channels' words, and only then
 * sleeps in poll() with their flags set to 2 (bell.c), for 1 ms doubling to 64 ms: a wake-up lost
 * to a peer without a fence (Python) costs little. */
int mlr_serve_until(int wait_fd, const Awaited *w) {
  static struct pollfd *p;  /* shared by nested loops: each rebuilds it before it polls */
  static int pcap;
  int nap_ms = 1;
  for (;;) {
    if (answered(w)) return 1;
    int rung = rung_channel();
    if (rung >= 0) { serve_channel(rung); nap_ms = 1; continue; }
    int n = 0, want = nclients + 3;
    if (want > pcap) {
      struct pollfd *np = realloc(p, want * sizeof(struct pollfd));
      if (!np) Rf_error("out of memory");
      p = np; pcap = want;
    }
    if (wait_fd >= 0) p[n++].fd = wait_fd;
    if (listener >= 0) p[n++].fd = listener;
    if (nexus >= 0) p[n++].fd = nexus;
    for (int i = 0; i < nclients; i++) if (!clients[i].busy) p[n++].fd = clients[i].fd;
    for (int i = 0; i < n; i++) { p[i].events = POLLIN; p[i].revents = 0; }
    int r;
    if (!w->chan && !watching_channels()) r = poll_fds(p, n, -1);
    else if ((r = poll_fds(p, n, 0)) == 0) {
      if (spin(w)) continue;
      arm(w, MLR_SLEEP_POLL);
      if (answered(w) || rung_channel() >= 0) { arm(w, 0); continue; }
      r = poll_fds(p, n, nap_ms);
      arm(w, 0);
      if (r == 0) { if (nap_ms < 64) nap_ms *= 2; continue; }
    }
    nap_ms = 1;
    int fd = -1;
    for (int i = 0; i < n; i++) if (p[i].revents) { fd = p[i].fd; break; }  /* one at a time, in order */
    if (fd < 0) continue;
    if (fd == wait_fd) {
      if (!w->chan) return 0;
      if (mlr_bell_drain(fd) != 0) return answered(w) ? 1 : -1;
      continue;
    }
    if (fd == listener) {
      int c;
      do c = accept4(fd, NULL, NULL, SOCK_CLOEXEC); while (c < 0 && errno == EINTR);
      if (c >= 0) add_client(c);  /* -1 when the client already left */
      continue;
    }
    if (fd != nexus) {
      Client *c = client(fd);
      if (c && c->chan) {  /* nudges, or the caller's close */
        if (mlr_bell_drain(fd) != 0) drop_client(fd);
        continue;
      }
    }
    SEXP pkt = mlr_recv_packet(fd);
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
      const void *vmax = vmaxget();  /* this loop may never return to R: free each call's R_alloc */
      answer_call(fd, pkt);
      vmaxset(vmax);
      UNPROTECT(1);
      continue;
    }
    if (h[5] == 7) mlr_c_exit(Rf_ScalarInteger(0));
    if (h[5] == 3) pong(fd, rid);
    else if (h[5] == 8) accept_bell(fd, pkt);
    else {
      char m[64];
      snprintf(m, sizeof m, "unexpected packet kind %d", h[5]);
      if (mlr_send_all(fd, RAW(error_packet(rid, m, 1)), 32 + strlen(m)) != 0) drop_client(fd);
    }
    UNPROTECT(1);
  }
}

/* mlr_step: serves until wait_fd (-1: none, forever) is readable */
SEXP mlr_c_next(SEXP wait_arg) {
  Awaited none = {NULL, 0};
  mlr_serve_until(Rf_asInteger(wait_arg), &none);
  return R_NilValue;
}

SEXP mlr_c_data_packet(SEXP schema, SEXP value, SEXP rid);

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

static SEXP decode_args(SEXP schemas, SEXP pkt, int mid) {
  if (TYPEOF(schemas) != STRSXP && schemas != R_NilValue) Rf_error("argument schemas must be strings");
  Args a = {schemas, pkt, mid, 0, 0, 0, NULL, NULL};
  return R_ExecWithCleanup(args_body, &a, args_cleanup, &a);
}

/* Answering a CALL. R's tryCatch costs ~6 us a call here, so the answer runs under R_ToplevelExec,
 * which stops any error, inside a withCallingHandlers whose handler (mlr_record in morloc.R) keeps
 * the condition and aborts to that top level before R would print it. Stages: 0 decoding the
 * arguments, 1 the manifold's function, 2 encoding the result. */
typedef struct { SEXP entry, pkt, reply; int stage, mid; uint64_t rid; } Call;

static SEXP get(SEXP where, const char *name) {
  if (TYPEOF(where) == ENVSXP) return Rf_findVarInFrame(where, Rf_install(name));
  SEXP names = Rf_getAttrib(where, R_NamesSymbol);
  for (R_xlen_t i = 0; i < XLENGTH(where); i++) if (strcmp(CHAR(STRING_ELT(names, i)), name) == 0) return VECTOR_ELT(where, i);
  return R_NilValue;
}

/* the body, reached through .Call so that its errors pass the calling handler */
SEXP mlr_c_answer_body(SEXP ptr) {
  Call *c = R_ExternalPtrAddr(ptr);
  c->stage = 0;
  SEXP values = PROTECT(decode_args(get(c->entry, "args"), c->pkt, c->mid));
  c->stage = 1;
  SEXP call = R_NilValue;  /* fn(values...): the values are data, they evaluate to themselves */
  for (R_xlen_t i = XLENGTH(values) - 1; i >= 0; i--) call = Rf_lcons(VECTOR_ELT(values, i), call);
  call = PROTECT(Rf_lcons(get(c->entry, "fn"), call));
  SEXP result = PROTECT(Rf_eval(call, R_GlobalEnv));
  c->stage = 2;
  SEXP rid = PROTECT(Rf_ScalarReal((double)c->rid));
  c->reply = mlr_c_data_packet(get(c->entry, "ret"), result, rid);
  R_PreserveObject(c->reply);
  UNPROTECT(4);
  return R_NilValue;
}

static void run_body(void *d) {
  SEXP *e = d;
  Rf_eval(*e, R_GlobalEnv);
}

/* The reply packet to a CALL packet: DATA, or ERROR carrying the error's text and status. */
static SEXP reply_to(SEXP pkt) {
  const uint8_t *h = RAW(pkt);
  Call c = {R_NilValue, pkt, NULL, 0, (int)mlr_get_u32(h + 12), mlr_get_u64(h + 16)};
  char key[16];
  snprintf(key, sizeof key, "%u", (unsigned)c.mid);
  c.entry = get(get(env, "manifolds"), key);
  if (c.entry == R_NilValue) {
    char m[128];
    snprintf(m, sizeof m, "no manifold %d in the %s pool", c.mid, CHAR(STRING_ELT(get(env, "lang"), 0)));
    return error_packet(c.rid, m, 1);
  }
  SEXP ptr = PROTECT(R_MakeExternalPtr(&c, R_NilValue, R_NilValue));
  SEXP body = PROTECT(Rf_lang3(Rf_install(".Call"), get(get(env, "C"), "body"), ptr));
  SEXP wrapped = PROTECT(Rf_lang3(Rf_install("withCallingHandlers"), body, get(env, "record")));
  SET_TAG(CDDR(wrapped), Rf_install("error"));
  Rf_defineVar(Rf_install("cond"), R_NilValue, env);
  Rboolean ok = R_ToplevelExec(run_body, &wrapped);
  UNPROTECT(3);
  if (ok && c.reply) {
    SEXP r = c.reply;
    R_ReleaseObject(r);  /* the caller protects it */
    return r;
  }
  /* mlr_failure(condition, stage, mid, entry) -> list(text, status) */
  SEXP cond = get(env, "cond");
  if (cond == R_NilValue) cond = Rf_mkString(R_curErrorBuf());  /* no condition reached the handler */
  PROTECT(cond);
  SEXP stage = PROTECT(Rf_ScalarInteger(c.stage)), mid = PROTECT(Rf_ScalarReal(c.mid));
  SEXP fcall = PROTECT(Rf_lang5(Rf_install("mlr_failure"), cond, stage, mid, c.entry));
  SEXP fail = PROTECT(Rf_eval(fcall, get(env, "home")));
  SEXP out = error_packet(c.rid, Rf_translateCharUTF8(STRING_ELT(VECTOR_ELT(fail, 0), 0)), Rf_asInteger(VECTOR_ELT(fail, 1)));
  UNPROTECT(5);
  return out;
}

static void answer_call(int fd, SEXP pkt) {
  SEXP r = PROTECT(reply_to(pkt));
  answer(fd, r);
  UNPROTECT(1);
}

/* mlr_dispatch: the reply to a CALL packet without a socket (tests, bench/r_pool_overhead.R) */
SEXP mlr_c_answer(SEXP pkt) {
  if (TYPEOF(pkt) != RAWSXP || XLENGTH(pkt) < 32) Rf_error("truncated packet");
  return reply_to(pkt);
}
