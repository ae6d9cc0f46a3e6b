rMinMax <- function(xs) list(min(xs), max(xs))
rSwap <- function(t) list(t[[2]], t[[1]])
rQuad <- function(n) list(n, as.character(n), n > 0L, n / 2)
rFirst <- function(t) paste0(t[[1]], ":", t[[2]], ":", sum(t[[3]]))
