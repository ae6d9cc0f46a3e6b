inc_opt <- function(x) if (is.null(x)) NULL else x + 1L
or_zero <- function(x) if (is.null(x)) 0L else x
half <- function(x) if (x %% 2 == 1) NULL else x %/% 2L
count_nulls <- function(xs) sum(vapply(xs, is.null, logical(1)))
halves <- function(xs) lapply(xs, half)
show <- function(x) if (is.null(x)) "null" else as.character(x)
safe_head <- function(xs) if (length(xs) == 0) NULL else xs[[1]]
describe <- function(p) {
  age <- if (is.null(p$age)) "?" else as.character(p$age)
  nick <- if (is.null(p$nick)) "" else paste0(" aka ", p$nick)
  paste0(p$name, nick, " (", age, ")")
}
older <- function(p) { if (!is.null(p$age)) p$age <- p$age + 1L; p }
swap <- function(t) list(t[[2]], t[[1]])
maybe_range <- function(n) if (n < 0) NULL else seq_len(n) - 1L
# R's own missing value: a lone NA is Null where a ?scalar is wanted; NaN stays a number
na_if_odd <- function(x) if (x %% 2 == 1) NA else x
nan_real <- function(x) NaN
