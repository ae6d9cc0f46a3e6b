# R side of the r-pymap test program.
rmap <- function(f, xs) lapply(xs, f)
rmapStr <- function(f, ws) vapply(ws, f, character(1), USE.NAMES = FALSE)
shift <- function(x) x + 100
