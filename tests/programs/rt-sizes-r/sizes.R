# R side of rt-sizes-r: make strings and [Bool] lists of a given size in the rt-sizes pattern, and check them.
rStr <- function(n) {
  if (n == 0) return("")
  paste(letters[(seq_len(n) - 1L) %% 26L + 1L], collapse = "")
}
rStrLen <- function(s) {
  n <- nchar(s, type = "bytes")
  if (identical(s, rStr(n))) n else -1L
}
rBools <- function(n) (seq_len(n) - 1L) %% 3L == 0L
rBoolsLen <- function(xs) {
  n <- length(xs)
  if (identical(as.logical(xs), rBools(n))) n else -1L
}
