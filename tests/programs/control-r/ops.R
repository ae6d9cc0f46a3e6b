add <- function(a, b) a + b
sub <- function(a, b) a - b
mul <- function(a, b) a * b
eq <- function(a, b) a == b
ge <- function(a, b) a >= b
gt <- function(a, b) a > b
le <- function(a, b) a <= b
mapList <- function(f, xs) vapply(xs, f, integer(1))
