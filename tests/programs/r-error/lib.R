# R side of the r-error test program.
checkPositive <- function(x) {
  if (x <= 0) stop(sprintf("expected a positive number, got %g", x))
  sqrt(x)
}
notANumber <- function(x) "not a number"
