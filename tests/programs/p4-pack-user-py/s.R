rWords <- function(s) strsplit(s, " ")[[1]]
