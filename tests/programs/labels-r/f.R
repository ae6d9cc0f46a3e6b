sum_r <- function(xs) {
  message("computing sum_r")
  sum(unlist(xs))
}
mul <- function(a, b) a * b
boom <- function(v) stop(paste("boom at", v))
map_list <- function(f, xs) lapply(xs, f)
