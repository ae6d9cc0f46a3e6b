clip <- function(x) max(-1, min(1, x))
rShow <- function(x) sprintf("r%d", as.integer(x * 10))
