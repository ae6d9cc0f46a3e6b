# The R pool's own per-call software cost, without any transport, for one Int -> Real call:
# "serve" is what the pool does per incoming CALL once it has read it (mlr_dispatch: header,
# manifold lookup, tryCatch, argument decode, the call, reply packet; the read and the send are
# src/serve.c's, outside this figure). The calling side (foreign_call) is one C call, transport
# included (src/call.c), so it is measured only end to end: the "R → C++" rows of the bench.
# Usage: Rscript bench/r_pool_overhead.R NEXUS_DIR CALLS REPEATS -> "serve NS" lines.
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
for (r in seq_len(repeats)) {
  t <- proc.time()[["elapsed"]]
  for (i in seq_len(calls)) serve()
  cat("serve", (proc.time()[["elapsed"]] - t) * 1e9 / calls, "\n")
}
