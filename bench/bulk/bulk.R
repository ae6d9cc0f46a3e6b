# R side of the bulk-data bench (bench/bulk.ts).
rIdReals <- function(xs) xs
rInc <- function(x) as.numeric(x) + 1
rIdInt <- function(n) n
