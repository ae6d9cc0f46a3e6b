# R side of the r-cppmap test program.
addOne <- function(x) x + 1
rmap <- function(f, xs) vapply(xs, f, numeric(1))
label <- function(n) sprintf("n=%d", n)
rrange <- function(n) as.numeric(seq_len(n))
