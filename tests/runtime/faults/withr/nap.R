# R side of the faults fixture: a function that sleeps, and one that prints.
rNap <- function(ms) {
  Sys.sleep(ms / 1000)
  ms
}
rShout <- function(s) {
  cat("r stdout:", s, "\n")
  message("r stderr: ", s)
  paste0(s, "~")
}
