area <- function(r) 3.0 * r * r
perim <- function(r) 6.0 * r
len_str <- function(s) nchar(s)
