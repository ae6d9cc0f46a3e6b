r2 <- function(x) x * 2L
r4 <- function(x) x + 4L
rj <- function(s) paste0(s, "r")
