# Tests of the R arena's direct API (pools/r/src/arena.c, docs/arena.md §3); sourced by run.R, which
# defines fail/ok/expect_error. A small walker here reads each volume as a file and checks that the
# block headers (free extents included) tile it.
ac <- function(name, ...) mlr_call(paste0("mlr_c_", name), ...)

u32 <- function(b, at) sum(as.numeric(b[at + 1:4]) * 256^(0:3))
u64 <- function(b, at) sum(as.numeric(b[at + 1:8]) * 256^(0:7))
walk <- function(name) {
  path <- file.path("/dev/shm", name)
  b <- readBin(path, "raw", file.size(path))
  if (u32(b, 0) != 0x61636C6D || u64(b, 16) != length(b)) return("bad volume header")
  at <- 64; blocks <- NULL
  while (at < length(b)) {
    magic <- u32(b, at); state <- u32(b, at + 4); len <- u64(b, at + 8); size <- u64(b, at + 16)
    if (magic != 0x6B6C626D || state > 2 || size < 64 || size %% 64 != 0 || at + size > length(b) ||
        len > size - 64 || (state == 0 && len != 0)) return(sprintf("bad block at %.0f", at))
    blocks <- rbind(blocks, data.frame(at = at, state = state, len = len, size = size))
    at <- at + size
  }
  if (at != length(b)) return("blocks do not end at the volume end")
  blocks
}

prefix <- sprintf("mlc-%d-rarena%04d", Sys.getpid(), sample.int(9999, 1))
ac("arena_create", prefix, 4L, NULL)
vol <- paste0(prefix, "/4-0")

# a fresh volume is one free block; alloc/write/read/length
if (file.exists(file.path("/dev/shm", vol))) fail("volumes are made on demand") else ok()
r <- ac("arena_alloc", 100, as.raw(1:10))
if (!grepl("^[0-9]+$", r) || as.numeric(r) != 4 * 256 * 2^48 + 128) fail("first relptr", r) else ok()
ac("arena_write", r, 96, as.raw(c(9, 8, 7, 6)))
if (!identical(ac("arena_read", r, 0, NULL)[c(1:10, 97:100)], as.raw(c(1:10, 9, 8, 7, 6)))) fail("read back") else ok()
if (ac("arena_length", r) != 100 || length(ac("arena_read", r, 90, NULL)) != 10) fail("length") else ok()
if (!identical(ac("relptr_raw", r), as.raw(c(128, 0, 0, 0, 0, 0, 0, 4)))) fail("relptr bytes") else ok()
w <- walk(vol)
if (!is.data.frame(w) || !identical(w$state, c(1, 0)) || w$size[1] != 192 || w$len[1] != 100) fail("walk after one alloc:", format(w)) else ok()

# released blocks are collected and coalesced; free extents keep their headers
rs <- vapply(1:10, function(k) ac("arena_alloc", 64 * k, NULL), "")
for (k in c(2, 3, 4, 7)) ac("arena_release", rs[k])
expect_error("double release", ac("arena_release", rs[3]), "is not in use (state 2)")
r2 <- ac("arena_alloc", 0, NULL)   # collects first: blocks 2-4 merge into one extent, r2 takes its head
w <- walk(vol)
if (!is.data.frame(w)) fail("walk after release:", w) else {
  inuse <- sort(as.numeric(c(r, rs[-c(2, 3, 4, 7)], r2)) - 4 * 256 * 2^48 - 64)
  if (!identical(sort(w$at[w$state == 1]), inuse)) fail("blocks in use are exactly the outstanding ones") else ok()
  if (any(w$state == 2)) fail("no released block is left uncollected") else ok()
  if (sum(w$state == 0) != 3) fail("free extents: merged 2-4 remainder, 7, tail; got", sum(w$state == 0)) else ok()
}
if (ac("arena_info")$outstanding != 8) fail("outstanding blocks") else ok()
expect_error("late release of a reclaimed block", ac("arena_release", rs[7]), "is not in use (state 0)")
expect_error("bad relptr", ac("arena_release", "12x"), "bad relptr")
expect_error("no block", ac("arena_read", as.character(4 * 256 * 2^48 + 4096 * 64), 0, NULL), "does not point at a block")
expect_error("read past", ac("arena_read", r, 0, 200), "run past the block")

# values straight into and out of a block
v <- list(name = "h\u00e9", xs = c(1.5, -2))
rv <- ac("arena_put", "m2:4:names2:xsaf8", v)
if (!identical(ac("arena_get", "m2:4:names2:xsaf8", rv), v)) fail("put/get round trip") else ok()
if (!identical(ac("arena_read", rv, 0, NULL), mlr_encode("m2:4:names2:xsaf8", v))) fail("put writes the blob bytes") else ok()
ac("arena_release", rv)

# limits
if (ac("arena_limit", "64M") != 64 * 2^20 || ac("arena_limit", "") != Inf || ac("arena_limit", "2g") != 2^31) fail("limit parse") else ok()
expect_error("bad limit", ac("arena_limit", "12X"), "MORLOC_ARENA_MAX=\"12X\" must be a byte count")
Sys.setenv(MORLOC_ARENA_MAX = "12X")
expect_error("bad MORLOC_ARENA_MAX at create", ac("arena_create", prefix, 4L, NULL), "must be a byte count")
Sys.setenv(MORLOC_ARENA_MAX = "2M")
ac("arena_create", prefix, 5L, NULL)    # closes the slot-4 arena first
if (file.exists(file.path("/dev/shm", vol))) fail("create closes the previous arena") else ok()
Sys.unsetenv("MORLOC_ARENA_MAX")
if (ac("arena_info")$max_bytes != 2^21) fail("MORLOC_ARENA_MAX read at create") else ok()
invisible(ac("arena_alloc", 100000, NULL))
expect_error("over the limit", ac("arena_alloc", 3 * 2^20, NULL), "cannot allocate 3145728 bytes: slot 5 has 1048576 bytes of volumes and its limit is 2097152 bytes (MORLOC_ARENA_MAX)")
invisible(ac("arena_alloc", 200000, NULL))
rb <- ac("arena_alloc", 1000000, NULL)   # a second volume, cut to the 1 MiB left
if (ac("arena_info")$mapped_bytes != 2^21 || as.numeric(rb) %/% 2^48 != 5 * 256 + 1) fail("second volume cut to the limit") else ok()
expect_error("2^47", ac("arena_alloc", 2^48, NULL), "larger than the largest block (2^47 bytes)")
invisible(ac("arena_alloc", 10, NULL))   # still usable after the errors
ac("arena_create", prefix, 6L, 1e6)       # an explicit limit below the first volume cuts it
invisible(ac("arena_alloc", 10, NULL))
if (ac("arena_info")$mapped_bytes != 999424) fail("first volume cut to the limit (whole pages)") else ok()
expect_error("explicit limit", ac("arena_alloc", 2e6, NULL), "slot 6 has 999424 bytes of volumes and its limit is 1000000 bytes")

# flat footprint: alloc/release cycles at sizes up to 20 KB with 8 blocks held keep the volumes of the warm-up
ac("arena_create", prefix, 7L, NULL)
ring <- character(8)
cycle <- function(k) {
  j <- k %% 8 + 1
  if (nzchar(ring[j])) ac("arena_release", ring[j])
  ring[j] <<- ac("arena_alloc", (k * 7919) %% 20000, NULL)
}
for (k in 1:2000) cycle(k)
warm <- ac("arena_info")
for (k in 2001:30000) cycle(k)
after <- ac("arena_info")
if (after$mapped_bytes != warm$mapped_bytes || length(after$own_volumes) != length(warm$own_volumes) || after$outstanding > 9)
  fail("flat footprint:", after$mapped_bytes, "bytes after,", warm$mapped_bytes, "after the warm-up") else ok()
w <- walk(paste0(prefix, "/7-0"))
if (!is.data.frame(w) || sum(w$state == 1) != 8) fail("8 blocks in use after the cycles") else ok()

# the run folder is private (0700) and locked while its maker lives
info <- file.info(file.path("/dev/shm", prefix))
if (!isTRUE(info$isdir) || format(info$mode) != "700" || !file.exists(file.path("/dev/shm", prefix, "lock")))
  fail("the run folder is private and holds a lock") else ok()
invisible(ac("arena_close"))
if (file.exists(file.path("/dev/shm", prefix))) fail("close removes the run folder it made") else ok()
expect_error("closed", ac("arena_alloc", 1, NULL), "not set")
