# R side of the r-big test program.
rRange <- function(n) as.numeric(seq_len(n))
rSum <- function(xs) sum(xs)
rTotalChars <- function(ws) sum(nchar(ws, type = "chars"))
rReverse <- function(xs) rev(xs)
