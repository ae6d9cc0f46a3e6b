truncate <- function(x) as.integer(trunc(x))
stars <- function(n) { stopifnot(is.integer(n)); paste(rep("*", n), collapse = "") }
count <- function(xs) length(xs)
