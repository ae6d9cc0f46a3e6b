rsq <- function(x) x * x
rbig <- function(x) x > 10L
rmax <- function(a, b) max(a, b)
