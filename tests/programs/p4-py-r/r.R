rInts <- function(xs) { stopifnot(is.integer(xs)); xs * 2L }
rReals <- function(x) x + 0.5
rStrs <- function(s) strsplit(s, ",")[[1]]
rBools <- function(xs) xs > 1L
rTuple <- function(n) list(strrep("a", n), n * n)
rNested <- function(n) lapply(seq_len(n), function(i) seq_len(i))
