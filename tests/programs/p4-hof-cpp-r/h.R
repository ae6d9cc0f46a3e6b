rLen <- function(s) nchar(s)
rLonger <- function(n, s) max(n, nchar(s))
rGlue <- function(s, n) paste0(s, strrep("!", n))
