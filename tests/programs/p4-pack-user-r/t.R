# R side of p4-pack-user-r: a Tally is a named integer vector (names sorted).
packTally <- function(p) { v <- as.integer(unlist(p[[2]])); names(v) <- unlist(p[[1]]); v }
unpackTally <- function(t) { stopifnot(is.integer(t), !is.null(names(t))); list(names(t), unname(t)) }
countWords <- function(ws) { t <- table(unlist(ws)); v <- as.integer(t); names(v) <- names(t); v }
topWord <- function(t) { stopifnot(is.integer(t)); names(t)[which.max(t)] }
bump <- function(t) t + 1L
