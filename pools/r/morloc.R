# The R pool runtime of morloc: serve(manifolds) answers CALLs over a UNIX socket and
# foreign_call(...) calls other pools (docs/architecture.md, docs/protocol.md). The value codec, the
# arena and the sockets are C (src/*.c, built into morloc_r.so). R is single-threaded, so a
# foreign_call keeps serving the pool's other connections while it waits: re-entrant chains work.

.mlr <- new.env()
.mlr$lang <- "r"
.mlr$manifolds <- list()
.mlr$listener <- -1L
.mlr$nexus <- -1L

# Loads the C part: $MORLOC_R_SO, else morloc_r.so in `dir` (the nexus folder).
mlr_init <- function(dir) {
  so <- Sys.getenv("MORLOC_R_SO", file.path(dir, "morloc_r.so"))
  if (!file.exists(so)) stop("the morloc R runtime library is missing: ", so)
  if (basename(so) != "morloc_r.so") stop("the morloc R runtime library must be named morloc_r.so: ", so)
  routines <- getDLLRegisteredRoutines(dyn.load(so))$.Call
  # the hot path's routines by address: .Call("name", PACKAGE = ) looks the name up on every call
  .mlr$C <- list(nxt = routines$mlr_c_next$address, body = routines$mlr_c_answer_body$address, foreign = routines$mlr_c_foreign$address)
  .mlr$home <- environment(mlr_init)  # where serve.c finds mlr_failure
  .mlr$record <- mlr_record
  mlr_call("mlr_c_serve_env", .mlr)
  prefix <- Sys.getenv("MORLOC_ARENA", "")
  if (nzchar(prefix)) .Call("mlr_c_arena_setup", prefix, as.integer(Sys.getenv("MORLOC_SLOT", "1")), PACKAGE = "morloc_r")
  invisible(NULL)
}

# Stops the pool before it serves when a sourced name is a function neither of its file nor of R.
# The user's files are sourced into the global environment, so base R fills in what they lack, as
# after `source(file)`. `names`, `files` ("" for a source without a file) and `wheres` (positions of
# the source statements) go in parallel.
check_sourced <- function(names, files, wheres) {
  for (i in seq_along(names)) {
    name <- names[[i]]
    pkg <- regmatches(name, regexec("^([A-Za-z][A-Za-z0-9.]*):::?(.+)$", name))[[1]]
    found <- if (length(pkg) == 3) {
      is.function(tryCatch(get(pkg[3], envir = asNamespace(pkg[2])), error = function(e) NULL))
    } else exists(name, envir = globalenv(), mode = "function")
    if (!found) {
      what <- if (nzchar(files[[i]])) sprintf("neither defined in %s nor in R", files[[i]]) else "not a function of R or its installed packages"
      load_failed(sprintf("%s: the R function '%s' is %s", wheres[[i]], name, what))
    }
  }
  invisible(NULL)
}

# Sources a user file (`rel`, under the nexus folder `here`) into the global environment as
# source(chdir = TRUE) does, one top-level expression at a time, so that an error while it loads
# (a missing library, a stop() at top level) is reported as the file, the line of the expression
# that failed and the error: a load failure, not a traceback.
source_user <- function(here, rel) {
  path <- file.path(here, rel)
  exprs <- tryCatch(parse(path, keep.source = TRUE), error = function(e) load_failed(paste("Error:", conditionMessage(e)), rel, 1L))
  refs <- attr(exprs, "srcref")
  old <- setwd(dirname(path))
  on.exit(setwd(old))
  for (i in seq_along(exprs)) {
    line <- if (length(refs) >= i) refs[[i]][1] else 1L
    tryCatch(eval(exprs[[i]], globalenv()), error = function(e) load_failed(mlr_condition_text(e), rel, line))
  }
  invisible(NULL)
}

# "Error in f(x): message" (the call named when it is a named function's), as R prints an error.
mlr_condition_text <- function(e) {
  call <- conditionCall(e)
  # an anonymous function's call deparses into its whole body: leave it out
  named <- is.call(call) && (is.symbol(call[[1]]) || (is.call(call[[1]]) && identical(call[[1]][[1]], as.name("::"))))
  paste0(if (named) paste0("Error in ", deparse(call, nlines = 1)[1]) else "Error", ": ", conditionMessage(e))
}

mlr_json_string <- function(s) {
  s <- gsub("\\", "\\\\", enc2utf8(s), fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  s <- gsub("\n", "\\n", s, fixed = TRUE)
  s <- gsub("[\001-\037]", " ", s)
  paste0("\"", s, "\"")
}

# The user's sources could not be loaded: tell the nexus in place of READY (an ERROR with status
# LOAD whose JSON payload names the file, relative to the nexus folder, the line and the error;
# docs/protocol.md) and exit 3 once it closes the connection. Without a nexus (run by hand) the
# message goes to stderr. Never returns.
load_failed <- function(message, file = "", line = 0L) {
  body <- sprintf('{"file": %s, "line": %d, "message": %s}', mlr_json_string(file), as.integer(line), mlr_json_string(message))
  lang <- Sys.getenv("MORLOC_LANG", "r")
  sent <- tryCatch({
    fd <- mlr_call("mlr_c_connect", file.path(Sys.getenv("MORLOC_RUN_DIR"), "nexus.sock"))
    mlr_call("mlr_c_send", fd, mlr_packet(5L, 0L, 1L, 3L, 0, 0, charToRaw(lang), charToRaw(enc2utf8(body))))
    # the nexus has the message once it closes the connection (or ends us)
    while (!is.null(tryCatch(mlr_call("mlr_c_recv", fd), error = function(e) NULL))) NULL
    TRUE
  }, error = function(e) FALSE)
  if (!sent) message(sprintf("error: %s%s", if (nzchar(file)) sprintf("%s:%d: ", file, as.integer(line)) else "", message))
  mlr_exit(3L)
}
# Generated code builds a data.frame table from the named list of its columns (strings stay strings).
as_frame <- function(columns) as.data.frame(columns, stringsAsFactors = FALSE)

mlr_call <- function(name, ...) .Call(name, ..., PACKAGE = "morloc_r")

mlr_encode <- function(schema, value) mlr_call("mlr_c_encode", schema, value)
mlr_decode <- function(schema, blob) mlr_call("mlr_c_decode", schema, blob)

# kind, source, format, status, call id, request id, metadata, payload -> raw packet
mlr_packet <- function(kind, source = 3L, format = 0L, status = 0L, call_id = 0, request_id = 0,
                       metadata = raw(0), payload = raw(0)) {
  mlr_call("mlr_c_packet", as.integer(kind), as.integer(source), as.integer(format), as.integer(status),
           as.numeric(call_id), if (is.character(request_id)) request_id else as.numeric(request_id), metadata, payload)
}

# A parsed packet: list(kind, source, format, status, call_id, request_id, metadata, payload)
mlr_parse <- function(pkt) {
  h <- mlr_call("mlr_c_header", pkt)
  mlen <- h[7]; plen <- h[8]
  list(kind = h[1], source = h[2], format = h[3], status = h[4], call_id = h[5], request_id = h[6],
       metadata = if (mlen > 0) pkt[33:(32 + mlen)] else raw(0),
       payload = if (plen > 0) pkt[(33 + mlen):(32 + mlen + plen)] else raw(0))
}

# An ERROR reply; status 1 FAIL (the program raised) or 2 LOST (a pool was lost: a crash).
mlr_error_packet <- function(rid, text, status = 1L) {
  mlr_packet(5L, 0L, 4L, as.integer(status), 0, rid, raw(0), charToRaw(enc2utf8(text)))
}

# An error that came back from another pool (or the loss of one, class morloc_pool_lost, status 2):
# `text` carries the chain, `status` the ERROR packet's status, passed on unchanged.
morloc_error <- function(text, class = "morloc_error", status = if ("morloc_pool_lost" %in% class) 2L else 1L) {
  structure(class = unique(c(class, "morloc_error", "error", "condition")), list(message = text, call = NULL, text = text, status = as.integer(status)))
}

# ------------------------------------------------------------------------------- client side

# Call manifold `mid` of pool `lang` with native args; returns the native result or signals the
# remote error (class morloc_error, its text carrying the chain). The call is C (src/call.c): it
# encodes, sends on a kept connection (a doorbell channel once the connection carried
# MORLOC_BELL_AFTER calls), serves incoming calls on the pool's other connections until the reply is
# there, and decodes it. Its own failures come back as a value marked mlr_failure, not as an R
# error, so that no tryCatch is paid per call.
foreign_call <- function(lang, mid, args, arg_schemas, ret_schema) {
  r <- .Call(.mlr$C$foreign, lang, mid, args, arg_schemas, ret_schema)
  if (is.null(attr(r, "mlr_failure", exact = TRUE))) return(r)
  switch(r[[1]],
         lost = stop(morloc_error(r[[2]], "morloc_pool_lost")),
         remote = stop(morloc_error(r[[2]], status = r[[3]])),
         stop(r[[2]]))
}

# ------------------------------------------------------------------------------- server side

mlr_error_text <- function(e, mid, name) {
  label <- if (nzchar(name)) sprintf(" (%s)", name) else ""
  if (inherits(e, "morloc_error")) return(sprintf("%s\n  called from %s manifold %d%s", e$text, .mlr$lang, mid, label))
  sprintf("%s\n  raised in %s manifold %d%s", mlr_condition_text(e), .mlr$lang, mid, label)
}

# Serving a call is the R pool's hot path (bench/r_pool_overhead.R): the loop, the packets, the
# argument decode and the call itself are C (src/serve.c); R is left the manifold's function and,
# when it fails, these two: mlr_record keeps the error's condition and ends the call (serve.c runs
# it at a top level of its own, cheaper than a tryCatch), mlr_failure makes the ERROR's text and
# status of it. `stage`: 0 decoding the arguments, 1 the function, 2 encoding its result.
mlr_record <- function(e) {
  .mlr$cond <- e
  invokeRestart("abort")
}

mlr_failure <- function(e, stage, mid, entry) {
  if (is.character(e)) e <- simpleError(sub("\n$", "", sub("^Error[^:]*: ", "", e)))
  if (stage == 0L) e$call <- NULL  # a decode error: the .Call() is no call of the user's
  if (stage == 2L) e <- simpleError(sprintf("the R result does not fit its type (schema %s): %s", entry$ret, conditionMessage(e)))
  list(mlr_error_text(e, mid, entry$name), if (inherits(e, "morloc_error")) e$status else 1L)
}

# The reply packet to a CALL packet, without a socket (tests and bench/r_pool_overhead.R).
mlr_dispatch <- function(pkt) mlr_call("mlr_c_answer", pkt)

mlr_exit <- function(code) mlr_call("mlr_c_exit", as.integer(code))

# Serves the pool's connections (CALLs included, in C) until `wait_fd`, a pending foreign call's
# connection, is readable; returns TRUE then, without reading it. An R function's foreign call
# serves the pool's other connections this way while it waits.
mlr_step <- function(wait_fd = -1L) {
  .Call(.mlr$C$nxt, wait_fd)
  TRUE
}

# Runs the pool forever. `manifolds`: list of list(id, fn, args = schemas, ret = schema, name).
serve <- function(manifolds) {
  .mlr$lang <- Sys.getenv("MORLOC_LANG", "r")
  run_dir <- Sys.getenv("MORLOC_RUN_DIR", "")
  if (!nzchar(run_dir)) {
    message("morloc pool: MORLOC_RUN_DIR is not set (pools are started by the nexus)")
    quit(status = 2)
  }
  for (m in manifolds) .mlr$manifolds[[as.character(m$id)]] <- m
  options(warn = 1)  # the serving loop never returns to top level, so print warnings as they happen
  mlr_call("mlr_c_signals")
  ok <- tryCatch({
    .mlr$listener <- mlr_call("mlr_c_listen", file.path(run_dir, paste0(.mlr$lang, ".sock")))
    .mlr$nexus <- mlr_call("mlr_c_connect", file.path(run_dir, "nexus.sock"))
    mlr_call("mlr_c_serve_init", .mlr$listener, .mlr$nexus)
    mlr_call("mlr_c_send", .mlr$nexus, mlr_packet(6L, metadata = charToRaw(.mlr$lang)))
    TRUE
  }, error = function(e) {
    message(sprintf("morloc pool: cannot start in %s: %s", run_dir, conditionMessage(e)))
    FALSE
  })
  if (!ok) quit(status = 3)
  repeat mlr_step()
}

# List accessors of generated code, `.[i]` and `.[a:b:s]`, with Python's semantics (0-based,
# negative indices count from the end) over R's 1-based vectors and lists; errors name the
# morloc function holding the accessor.
list_at <- function(xs, i, fn) {
  n <- length(xs)
  if (i < -n || i >= n) {
    stop(sprintf("index %d is out of range for a list of length %d (the accessor .[%d] in '%s')", as.integer(i), n, as.integer(i), fn), call. = FALSE)
  }
  xs[[if (i < 0) i + n + 1 else i + 1]]
}

list_slice <- function(xs, start, stop, step, fn) {
  n <- length(xs)
  if (is.null(step)) step <- 1
  if (step == 0) stop(sprintf("slice step cannot be zero (the accessor .[::0] in '%s')", fn), call. = FALSE)
  clamp <- function(v, lo, hi) {
    if (v < 0) v <- v + n
    max(lo, min(hi, v))
  }
  if (step > 0) {
    a <- if (is.null(start)) 0 else clamp(start, 0, n)
    b <- if (is.null(stop)) n else clamp(stop, 0, n)
    idx <- if (a < b) seq(a, b - 1, by = step) else integer(0)
  } else {
    a <- if (is.null(start)) n - 1 else clamp(start, -1, n - 1)
    b <- if (is.null(stop)) -1 else clamp(stop, -1, n - 1)
    idx <- if (a > b) seq(a, b + 1, by = step) else integer(0)
  }
  xs[idx + 1]
}
