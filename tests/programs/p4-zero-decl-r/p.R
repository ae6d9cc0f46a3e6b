longer <- function(a, b) if (nchar(b) > nchar(a)) b else a
rfold <- function(f, b, xs) { for (x in xs) b <- f(b, x); b }
