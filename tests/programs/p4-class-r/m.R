absVal <- function(x) abs(x)
strLen <- function(s) as.numeric(nchar(s))
joinStr <- function(a, b) paste0(a, "+", b)
