norm <- function(xs) xs / sum(xs)
rOnly <- function(xs) min(xs)
