rmap <- function(f, xs) sapply(xs, f, USE.NAMES = FALSE)
rpaste <- function(a, b) paste0(a, ":", b)
rsub <- function(a, b) a - b
rmul <- function(a, b) a * b
