# R side of rt-errors-r: apply a function, or refuse negative numbers.
rApply <- function(f, x) f(x)
rBoom <- function(x) {
  if (x < 0) stop(sprintf("r refuses %d", x))
  x + 1L
}
