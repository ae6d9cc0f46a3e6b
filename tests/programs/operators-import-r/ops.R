add <- function(x, y) x + y
mul <- function(x, y) x * y
sub <- function(x, y) x - y
neg <- function(x) -x
