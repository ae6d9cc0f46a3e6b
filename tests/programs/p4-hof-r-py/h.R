rmap <- function(f, xs) vapply(xs, f, character(1), USE.NAMES = FALSE)
rzip <- function(f, xs, ys) mapply(f, xs, ys, USE.NAMES = FALSE)
rfold <- function(f, b, xs) { for (x in xs) b <- f(b, x); b }
