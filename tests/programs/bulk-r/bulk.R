.base <- c(NaN, Inf, -Inf, -0, 0, 1.5, -2.25, 1e308, 5e-324)

rId <- function(xs) xs

rRev <- function(xs) rev(xs)

rMake <- function(n) {
  i <- seq_len(n) - 1
  k <- i %% 9
  .base[k + 1] * ifelse(k < 5, 1, i + 1)
}

rSum <- function(xs) sum(xs[is.finite(xs)])
