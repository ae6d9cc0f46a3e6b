r2 <- function(x) x / 2
r4 <- function(x) x + 4
