# The R runtime's own tests: `Rscript run.R <morloc_r.so> [checks.R ...]`. checks.R files (made by
# tests/pools/r.test.ts from tests/vectors/*.json) call check_value/check_packet; this file adds
# error-path and arena tests. Prints one line per failure and exits 1 if any failed.
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
Sys.setenv(MORLOC_R_SO = args[1])
source(file.path(here, "..", "morloc.R"))
mlr_init(".")

failures <- 0L
passed <- 0L
fail <- function(...) { failures <<- failures + 1L; cat("FAIL:", ..., "\n") }
ok <- function() passed <<- passed + 1L
hex <- function(r) paste(format(r), collapse = "")
unhex <- function(h) if (nchar(h) == 0) raw(0) else as.raw(strtoi(substring(h, seq(1, nchar(h), 2), seq(2, nchar(h), 2)), 16L))

check_value <- function(name, schema, value, expect) {
  got <- tryCatch(hex(mlr_encode(schema, value)), error = function(e) paste("error:", conditionMessage(e)))
  if (got != expect) return(fail(name, "encode gave", got, "expected", expect))
  back <- tryCatch(mlr_decode(schema, unhex(expect)), error = function(e) e)
  if (inherits(back, "error")) return(fail(name, "decode:", conditionMessage(back)))
  if (!identical(back, value)) return(fail(name, "decodes to a different R value"))
  again <- hex(mlr_encode(schema, back))
  if (again != expect) return(fail(name, "re-encode of the decoded value gave", again))
  ok()
}

check_packet <- function(name, kind, source, format, status, call_id, request_id, meta, payload, expect) {
  got <- hex(mlr_packet(kind, source, format, status, call_id, request_id, unhex(meta), unhex(payload)))
  if (got != expect) return(fail(name, "packet gave", got))
  p <- mlr_parse(unhex(expect))
  same <- p$kind == kind && p$source == source && p$format == format && p$status == status &&
    p$call_id == call_id && p$request_id == as.numeric(request_id) && hex(p$metadata) == meta && hex(p$payload) == payload
  if (!same) return(fail(name, "parse mismatch"))
  ok()
}

expect_error <- function(name, expr, pattern) {
  msg <- tryCatch({ force(expr); "no error" }, error = function(e) conditionMessage(e))
  if (!grepl(pattern, msg, fixed = TRUE)) return(fail(name, "error was:", msg, "expected:", pattern))
  ok()
}

for (f in args[-1]) source(f, local = TRUE)

# --- native mapping
v <- mlr_decode("ai8", mlr_encode("ai8", c(1L, 2L)))
if (!identical(v, c(1L, 2L))) fail("ai8 decodes to an integer vector") else ok()
v <- mlr_decode("ai8", mlr_encode("ai8", c(1, 3e10)))
if (!identical(v, c(1, 3e10))) fail("big ints decode to doubles") else ok()
v <- mlr_decode("m2:1:xi81:ys", mlr_encode("m2:1:xi81:ys", list(y = "q", x = 4L)))
if (!identical(v, list(x = 4L, y = "q"))) fail("records are named lists") else ok()
v <- mlr_decode("t2:sf8", mlr_encode("t2:sf8", list("a", 2)))
if (!identical(v, list("a", 2))) fail("tuples are lists") else ok()
v <- mlr_decode("a?i8", mlr_encode("a?i8", c(1L, NA, 3L)))
if (!identical(v, list(1L, NULL, 3L))) fail("NA in a vector of optionals is null") else ok()
df <- data.frame(name = c("a", "b"), age = c(1L, 2L))
rows <- list(list(name = "a", age = 1L), list(name = "b", age = 2L))
if (!identical(mlr_encode("am2:4:names3:agei8", df), mlr_encode("am2:4:names3:agei8", rows))) fail("a data.frame is a list of records, one per row") else ok()
expect_error("data.frame column", mlr_encode("am1:1:zi8", df), "missing column 'z' at [0]")
s <- "h\u00e9llo \u03bb"
v <- mlr_decode("s", mlr_encode("s", s))
if (!identical(v, s) || Encoding(v) != "UTF-8") fail("UTF-8 strings round-trip") else ok()

# --- error paths
expect_error("bad schema", mlr_encode("t2:i8", list(1L)), "at byte 5")
expect_error("unknown schema char", mlr_encode("x", 1), "unknown character at byte 0")
expect_error("trailing", mlr_encode("i8z", 1L), "trailing")
expect_error("missing field", mlr_encode("m1:4:name s", list()), "bad schema")
expect_error("missing key", mlr_encode("m1:4:names", list(nam = "x")), "missing field 'name'")
expect_error("path", mlr_encode("am1:1:xi8", list(list(x = 1L), list(x = 1.5))), "at [1].x")
expect_error("range", mlr_encode("i1", 200L), "out of range")
expect_error("non-integral", mlr_encode("i8", 2.5), "not an integer")
expect_error("NA int", mlr_encode("i8", NA_integer_), "NA is not an integer")
expect_error("kind", mlr_encode("b", 1L), "expected a logical")
expect_error("scalar", mlr_encode("f8", c(1, 2)), "expected one value")
expect_error("bool byte", mlr_decode("b", as.raw(2)), "Bool byte 2")
expect_error("short blob", mlr_decode("as", as.raw(c(1, rep(0, 7), 16, rep(0, 7)))), "past the blob end")
expect_error("bad utf8", mlr_decode("s", as.raw(c(1, rep(0, 7), 16, rep(0, 7), 0xff))), "not valid UTF-8")

# --- helpers that generated pools call
fr <- as_frame(list(name = c("a", "b"), n = c(1L, 2L)))
if (!is.data.frame(fr) || !is.character(fr$name) || !identical(fr$n, c(1L, 2L))) fail("as_frame builds a data.frame, strings stay strings") else ok()

# --- arena: a big value goes through shared memory, is released by the consumer and reused
prefix <- sprintf("mlc-%d-rtest%04d", Sys.getpid(), sample.int(9999, 1))
invisible(mlr_call("mlr_c_arena_setup", prefix, 3L))
big <- as.numeric(seq_len(20000))
pkt <- mlr_call("mlr_c_data_packet", "af8", big, 9)
p <- mlr_parse(pkt)
if (p$source != 1 || length(p$payload) != 16) fail("big value goes to the arena") else ok()
if (!file.exists(file.path("/dev/shm", paste0(prefix, "/3-0")))) fail("volume exists") else ok()
back <- mlr_call("mlr_c_packet_value", "af8", pkt)
if (!identical(back, big)) fail("arena value round-trips") else ok()
expect_error("double release", mlr_call("mlr_c_packet_value", "af8", pkt), "released twice")
# an arena value is decoded in place and its block released also when the decode fails (R's error
# longjmps past the decoder): 1.0's bytes are no Bools, and the block is gone afterwards
bad <- mlr_call("mlr_c_data_packet", "af8", rep(1, 20000), 12)
expect_error("failing arena decode", mlr_call("mlr_c_packet_value", "ab", bad), "Bool byte 240")
expect_error("a failed decode released its block", mlr_call("mlr_c_packet_value", "af8", bad), "released twice")
pkt2 <- mlr_call("mlr_c_data_packet", "af8", big, 10)
if (!identical(mlr_parse(pkt2)$payload[1:8], p$payload[1:8])) fail("released block is reused") else ok()
if (mlr_call("mlr_c_arena_outstanding") != 1L) fail("one outstanding block") else ok()
huge <- mlr_call("mlr_c_data_packet", "as", rep(strrep("x", 1000), 3000), 11)
if (!file.exists(file.path("/dev/shm", paste0(prefix, "/3-1")))) fail("a second, larger volume") else ok()
if (length(mlr_call("mlr_c_packet_value", "as", huge)) != 3000) fail("large strings value") else ok()
invisible(mlr_call("mlr_c_arena_close"))
if (file.exists(file.path("/dev/shm", prefix))) fail("close removes the run folder it made") else ok()

source(file.path(here, "arena.R"), local = TRUE)

# ERROR statuses (docs/protocol.md): the program's error is FAIL whatever its text, a lost pool is
# LOST, and a foreign call's ERROR passes on with its status
.mlr$manifolds <- list(
  "1" = list(id = 1L, fn = function() stop("lost the connection to the py pool"), args = character(0), ret = "i8", name = "f"),
  "2" = list(id = 2L, fn = function() stop(morloc_error("cannot reach the py pool: gone", "morloc_pool_lost")), args = character(0), ret = "i8", name = "g"),
  "3" = list(id = 3L, fn = function() stop(morloc_error("x\n  raised in cpp manifold 9", status = 2L)), args = character(0), ret = "i8", name = "h"))
status_of <- function(mid) mlr_parse(mlr_dispatch(mlr_packet(1L, 3L, 0L, 0L, mid, 5)))$status
if (status_of(1) != 1) fail("the program's error is FAIL") else ok()
if (status_of(2) != 2) fail("a lost pool is LOST") else ok()
if (status_of(3) != 2) fail("a foreign LOST passes on as LOST") else ok()
if (mlr_condition_text(simpleError("no", quote(f(x)))) != "Error in f(x): no") fail("condition text names the call") else ok()
if (mlr_condition_text(simpleError("no")) != "Error: no") fail("condition text without a call") else ok()

cat(sprintf("%d passed, %d failed\n", passed, failures))
quit(status = if (failures > 0) 1 else 0)
