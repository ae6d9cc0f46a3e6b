seed <- function() 7L
ignore <- function(s) invisible(NULL)
rep3 <- function(n) { stopifnot(is.integer(n)); rep(n, 3) }
