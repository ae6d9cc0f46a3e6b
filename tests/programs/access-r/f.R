map <- function(f, xs) lapply(xs, f)
inc <- function(x) x + 1L
