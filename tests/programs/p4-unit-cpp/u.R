rep2 <- function(n) rep(n, 2)
