rDrop <- function(k, m) m[names(m) != k]
