rSum <- function(xs) { stopifnot(length(xs) == 0 || is.integer(xs)); as.integer(sum(xs)) }
rCollapse <- function(xs) paste(rev(xs), collapse = "_")
rPair <- function(p) paste0(p[[2]], ":", p[[1]])
rCount <- function(bs) sum(unlist(bs))
rNames <- function(items) paste(vapply(items, function(i) paste0(i$name, "#", i$n), ""), collapse = ",")
