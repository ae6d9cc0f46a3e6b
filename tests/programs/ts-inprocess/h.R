r1 <- function(x) 10L * x + 4L
