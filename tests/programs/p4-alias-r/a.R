rsum <- function(xs) sum(unlist(xs))
rapply1 <- function(f, xs) vapply(xs, f, numeric(1))
rdesc <- function(xs) sprintf("%d values, max %g", length(xs), max(xs))
