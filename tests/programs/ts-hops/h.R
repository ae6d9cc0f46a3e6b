r1 <- function(x) 10L * x + 4L
rs <- function(s) paste0(s, "r")
