add <- function(x, y) x + y
mul <- function(x, y) x * y
show_int <- function(x) paste("int", x)
show_real <- function(x) paste("real", x)
scale <- function(m, k) m * k
mk <- function(i) list(n = i)
getn <- function(o) o$n
inc8 <- function(x) (x + 1L) %% 256L
half <- function(x) x / 2
