rSeq <- function(n) as.numeric(seq_len(n)) / 2
rPaste <- function(xs) paste(xs, collapse = " ")
rFlags <- function(xs) xs > 0
rShowTuple <- function(t) paste(t[[1]], t[[2]], t[[3]], sep = "|")
rmap <- function(f, xs) vapply(xs, f, character(1))
