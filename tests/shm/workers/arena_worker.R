# R side of the arena concurrency test (tests/shm/concurrency.test.ts), through the .Call API of
# pools/r/src/arena.c; same protocol as arena_worker.ts:
#   MORLOC_R_SO=<morloc_r.so> Rscript arena_worker.R PREFIX SLOT DIR N PEERS
# Relptrs are decimal strings, which is also how they are written to the peers' files.
args <- commandArgs(trailingOnly = TRUE)
prefix <- args[1]; slot <- as.integer(args[2]); dir <- args[3]; N <- as.integer(args[4])
peers <- setdiff(as.integer(strsplit(args[5], ",")[[1]]), slot)
dyn.load(Sys.getenv("MORLOC_R_SO"))
ac <- function(name, ...) .Call(name, ..., PACKAGE = "morloc_r")
invisible(ac("mlr_c_arena_create", prefix, slot, NULL))
set.seed(slot)
errors <- 0L

release <- function(r) {
  ok <- tryCatch({
    b <- ac("mlr_c_arena_read", r, 0, NULL)
    stamp <- ac("mlr_c_relptr_raw", r)
    n <- length(b)
    good <- n >= 16 && identical(b[1:8], stamp) && identical(b[(n - 7):n], stamp)
    ac("mlr_c_arena_release", r)
    good
  }, error = function(e) { cat(sprintf("slot %d: %s\n", slot, conditionMessage(e)), file = stderr()); FALSE })
  if (!ok) errors <<- errors + 1L
}

outs <- lapply(peers, function(p) file(sprintf("%s/%d-%d", dir, slot, p), "ab"))
pending <- lapply(peers, function(p) character(0))
flush_out <- function() {
  for (i in seq_along(peers)) if (length(pending[[i]])) {
    writeBin(charToRaw(paste0(pending[[i]], "\n", collapse = "")), outs[[i]])
    flush(outs[[i]])
    pending[[i]] <<- character(0)
  }
}

# incoming files are re-opened at the last position each time (a read at EOF may stick otherwise)
inc <- lapply(peers, function(p) list(path = sprintf("%s/%d-%d", dir, p, slot), pos = 0, rest = "", ended = FALSE))
poll <- function() {
  for (i in seq_along(inc)) {
    s <- inc[[i]]
    if (s$ended) next
    size <- file.size(s$path)
    if (is.na(size) || size <= s$pos) next
    con <- file(s$path, "rb")
    seek(con, s$pos)
    data <- readBin(con, "raw", size - s$pos)
    close(con)
    s$pos <- s$pos + length(data)
    text <- paste0(s$rest, rawToChar(data))
    lines <- strsplit(text, "\n", fixed = TRUE)[[1]]
    if (!endsWith(text, "\n")) { s$rest <- lines[length(lines)]; lines <- lines[-length(lines)] } else s$rest <- ""
    for (line in lines) if (line == "end") s$ended <- TRUE else release(line)
    inc[[i]] <<- s
  }
}

# the random choices up front: sizes 16 B..4 KiB, 1 in 500 up to 300 KB; 1 in 8 goes to a peer
big <- sample.int(500, N, TRUE) == 1
sizes <- ifelse(big, 15 + sample.int(300000, N, TRUE), 15 + sample.int(4096, N, TRUE))
send <- sample.int(8, N, TRUE) == 1
to <- sample.int(length(peers), N, TRUE)
coin <- sample.int(2, N, TRUE) == 1
pick <- runif(N)

held <- character(128); nheld <- 0L
for (k in seq_len(N)) {
  size <- sizes[k]
  r <- ac("mlr_c_arena_alloc", size, NULL)
  stamp <- ac("mlr_c_relptr_raw", r)
  ac("mlr_c_arena_write", r, 0, stamp)
  ac("mlr_c_arena_write", r, size - 8, stamp)
  if (send[k]) pending[[to[k]]] <- c(pending[[to[k]]], r)
  else {
    nheld <- nheld + 1L; held[nheld] <- r
    if (nheld > 64 || coin[k]) {
      j <- 1L + as.integer(pick[k] * nheld)
      victim <- held[j]; held[j] <- held[nheld]; nheld <- nheld - 1L
      release(victim)
    }
  }
  if (k %% 128 == 0) { flush_out(); poll() }
}
for (i in seq_along(peers)) pending[[i]] <- c(pending[[i]], "end")
flush_out()
kept <- held[seq_len(min(5L, nheld))]
for (r in held[seq_len(nheld)][-seq_len(min(5L, nheld))]) release(r)
deadline <- Sys.time() + 20
while (!all(vapply(inc, function(s) s$ended, TRUE))) {
  if (Sys.time() > deadline) {
    cat(sprintf("slot %d: peers never ended\n", slot), file = stderr())
    errors <- errors + 1L
    break
  }
  poll()
  Sys.sleep(0.002)
}
writeLines(kept, sprintf("%s/kept-%d", dir, slot))
cat(sprintf("done %d\n", errors)); flush(stdout())
invisible(readLines(file("stdin")))  # the checker walks the volumes until the test closes stdin
invisible(ac("mlr_c_arena_close"))
for (o in outs) close(o)
quit(status = if (errors > 0) 1 else 0)
