eq <- function(a, b) a == b
times <- function(a, b) a * b
describeR <- function(x) paste0("reached ", x)
