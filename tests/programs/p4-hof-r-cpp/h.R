rmap <- function(f, xs) lapply(xs, f)
rfold <- function(f, b, xs) { for (x in xs) b <- f(b, x); b }
