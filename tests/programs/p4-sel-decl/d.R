double <- function(x) x * 2L
rShow <- function(x) sprintf("R:%d", x)
