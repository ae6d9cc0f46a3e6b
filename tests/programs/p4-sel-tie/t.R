inc <- function(x) x + 1L
