rDouble <- function(xs) xs * 2L
rDrop <- function(xs) xs[-1]
