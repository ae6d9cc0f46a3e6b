rcheck <- function(x) { if (x > 100) stop(sprintf("too big: %g", x)); x * 10 }
