# The R pool's own per-call software cost, without any transport, for one Int -> Real call:
# "serve" is what the pool does per incoming CALL once it has read it (mlr_dispatch: header,
# manifold lookup, tryCatch, argument decode, the call, reply packet; the read and the send are
# src/serve.c's, outside this figure); "call" is foreign_call's side minus the socket (argument
# packet, CALL packet, reply header, reply decode).
# Usage: Rscript bench/r_pool_overhead.R NEXUS_DIR CALLS REPEATS -> "serve NS" and "call NS" lines.
argv <- commandArgs(TRUE)
dir <- argv[1]
calls <- as.integer(argv[2])
repeats <- as.integer(argv[3])
m <- new.env()
sys.source(file.path(dir, "morloc.R"), envir = m)
m$mlr_init(dir)
m$.mlr$manifolds[["1"]] <- list(id = 1L, fn = function(x) as.numeric(x) + 1, args = c("i8"), ret = "f8", name = "inc")
payload <- m$mlr_call("mlr_c_data_packet", "i8", 41L, 0)
wire <- m$mlr_packet(1L, 3L, 0L, 0L, 1, 7, raw(0), payload)
reply <- m$mlr_dispatch(wire)
stopifnot(m$mlr_call("mlr_c_packet_value", "f8", reply) == 42)
serve <- function() m$mlr_dispatch(wire)
call <- function() {
  p <- unlist(lapply(1, function(i) m$mlr_call("mlr_c_data_packet", "i8", 41L, 0)), use.names = FALSE)
  m$mlr_packet(1L, 3L, 0L, 0L, 1, 7, raw(0), p)
  h <- m$mlr_call("mlr_c_header", reply)
  m$mlr_call("mlr_c_packet_value", "f8", reply)
}
for (r in seq_len(repeats)) {
  for (side in c("serve", "call")) {
    f <- get(side)
    t <- proc.time()[["elapsed"]]
    for (i in seq_len(calls)) f()
    cat(side, (proc.time()[["elapsed"]] - t) * 1e9 / calls, "\n")
  }
}
