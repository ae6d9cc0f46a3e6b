clamp <- function(lo, hi, x) max(lo, min(hi, x))
halve <- function(x) x / 2
