# R side of the r-bell test program.
rinc <- function(x) x + 1L
rMap <- function(f, xs) lapply(xs, f)
rSum <- function(xs) sum(xs)
rRange <- function(n) seq_len(n) - 0.5
rFailAt <- function(x) {
  if (x == 50L) stop(sprintf("no %d", x))
  x
}
rDie <- function(x) {
  if (x == 30L) quit(save = "no", status = 7)
  x
}
# calls back into its argument twice, so the nested calls cross again while the caller waits
rTwice <- function(f, x) f(f(x))
rKill <- function(x) {
  if (x == 30L) tools::pskill(Sys.getpid(), tools::SIGKILL)
  x
}
