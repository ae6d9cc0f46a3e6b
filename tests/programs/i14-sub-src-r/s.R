realSub <- function(x, y) x - y
