# R side of p4-table-r: tables are data.frames (the functions check it).
colMean <- function(t) { stopifnot(is.data.frame(t)); mean(t$height) }
doubleHeights <- function(t) { stopifnot(is.data.frame(t)); t$height <- t$height * 2; t }
tallest <- function(t) t$name[which.max(t$height)]
