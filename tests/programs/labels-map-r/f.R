twice <- function(x) 2L * x
mul <- function(a, b) a * b
rev <- function(xs) base::rev(xs)
check <- function(x) {
  if (x < 0) stop(paste("negative:", x))
  x
}
sum_r <- function(xs) sum(unlist(xs))
map_list <- function(f, xs) lapply(xs, f)
