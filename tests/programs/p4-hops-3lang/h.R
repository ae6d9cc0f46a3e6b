r2 <- function(x) x - 2L
r5 <- function(x) x * 5L
rs <- function(s) paste0(s, "r")
