rMap <- function(f, xs) lapply(xs, f)
rTag <- function(k) paste0("r", k)
