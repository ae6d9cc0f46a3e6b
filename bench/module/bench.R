# R side of the benchmark module: a loop that calls a function n times, map, RSS.
rRepeat <- function(f, n) {
  s <- 0
  for (i in seq_len(n) - 1L) s <- s + f(i) # 0 .. n-1, as in C++ and Python
  s
}

rInc <- function(x) as.numeric(x) + 1

rIncR <- function(x) x + 1

rMap <- function(f, xs) lapply(xs, f)

# VmRSS of this process in kB (the argument only orders the call after the loop; R's arguments
# are lazy, so without force() the loop that computes it would never run)
rRss <- function(x) {
  force(x)
  line <- grep("^VmRSS:", readLines("/proc/self/status"), value = TRUE)
  as.integer(strsplit(trimws(sub("VmRSS:", "", line)), " +")[[1]][1])
}
