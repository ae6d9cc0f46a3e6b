mulReal <- function(a, b) a * b
mulInt <- function(a, b) { stopifnot(is.integer(a), is.integer(b)); a * b }
rfold <- function(f, b, xs) { for (x in xs) b <- f(b, x); b }
