rwrap <- function(x) sprintf("[%d]", x)
rmap <- function(f, xs) vapply(xs, f, integer(1))
