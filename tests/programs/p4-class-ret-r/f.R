fromInt <- function(n) { stopifnot(is.integer(n)); n * 3L }
fromReal <- function(n) as.numeric(n) / 4
fromStr <- function(n) strrep("#", n)
glue <- function(s, r) paste0(s, "|", format(r, nsmall = 2))
