# R side of the r-maps test program: a Map Str Int is a named list here.
timesTen <- function(m) lapply(m, function(v) v * 10L)
rNames <- function(m) names(m)
