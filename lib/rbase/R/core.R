# rbase core: R implementations of the conventions. Lists arrive as atomic vectors when their
# elements are primitive and as lists otherwise; results built with `simplify` are returned the
# same way, so either form crosses back.

# A list result: an atomic vector when every element is a single primitive, else a list.
simplify <- function(xs) {
  if (length(xs) == 0) return(list())
  if (all(vapply(xs, function(x) is.atomic(x) && length(x) == 1 && is.null(names(x)), logical(1)))) unlist(xs, use.names = FALSE) else xs
}

as_items <- function(xs) if (is.list(xs)) xs else as.list(xs)

mlc_run <- function(f) f()
mlc_id <- function(x) x
mlc_seq <- function(a, b) b
mlc_const <- function(a, b) a

mlc_fst <- function(t) t[[1]]
mlc_snd <- function(t) t[[2]]
mlc_fst3 <- function(t) t[[1]]
mlc_snd3 <- function(t) t[[2]]
mlc_thr3 <- function(t) t[[3]]

mlc_at <- function(xs, i) {
  if (i < 0 || i >= length(xs)) stop(sprintf("at: index %d is out of range for a list of %d", i, length(xs)))
  xs[[i + 1]]
}
mlc_take <- function(n, xs) if (n <= 0) xs[0] else xs[seq_len(min(n, length(xs)))]
mlc_drop <- function(n, xs) if (n <= 0) xs else if (n >= length(xs)) xs[0] else xs[-seq_len(n)]
mlc_head <- function(xs) {
  if (length(xs) == 0) stop("head: empty list")
  xs[[1]]
}
mlc_last <- function(xs) {
  if (length(xs) == 0) stop("last: empty list")
  xs[[length(xs)]]
}
mlc_init <- function(xs) {
  if (length(xs) == 0) stop("init: empty list")
  xs[-length(xs)]
}
mlc_tail <- function(xs) {
  if (length(xs) == 0) stop("tail: empty list")
  xs[-1]
}
mlc_join <- function(xs, ys) if (is.list(xs) || is.list(ys)) c(as_items(xs), as_items(ys)) else c(xs, ys)
mlc_elem <- function(x, xs) any(vapply(as_items(xs), function(y) identical(y, x), logical(1)))

mlc_map <- function(f, xs) simplify(lapply(as_items(xs), f))
mlc_zipWith <- function(f, xs, ys) {
  n <- min(length(xs), length(ys))
  simplify(lapply(seq_len(n), function(i) f(xs[[i]], ys[[i]])))
}
mlc_enumerateWith <- function(f, xs) simplify(lapply(seq_along(xs), function(i) f(xs[[i]], i - 1L)))
mlc_fold <- function(f, b, xs) {
  for (x in as_items(xs)) b <- f(b, x)
  b
}

mlc_not <- function(x) !x
mlc_and <- function(a, b) a && b
mlc_or <- function(a, b) a || b

mlc_show <- function(x) {
  if (is.integer(x)) return(format(x))
  if (is.numeric(x) && x == trunc(x) && is.finite(x) && abs(x) < 1e16) return(sprintf("%.1f", x))
  as.character(x)
}

mlc_eq <- function(a, b) a == b
mlc_ne <- function(a, b) a != b
mlc_le <- function(a, b) a <= b
mlc_lt <- function(a, b) a < b
mlc_ge <- function(a, b) a >= b
mlc_gt <- function(a, b) a > b

mlc_add <- function(a, b) a + b
mlc_mul <- function(a, b) a * b
mlc_div <- function(a, b) a / b
# Python's rule for both: the result takes the divisor's sign, so it is the same in every language.
mlc_mod <- function(a, b) a %% b
mlc_idiv <- function(a, b) {
  if (b == 0) stop("integer division by zero")
  a %/% b
}
mlc_neg <- function(x) -x
mlc_sub <- function(a, b) a - b
# Integer arithmetic stays integer when it fits and becomes double (exact up to 2^53) otherwise.
mlc_add_int <- function(a, b) { r <- as.numeric(a) + as.numeric(b); if (abs(r) < 2^31) as.integer(r) else r }
mlc_mul_int <- function(a, b) { r <- as.numeric(a) * as.numeric(b); if (abs(r) < 2^31) as.integer(r) else r }
mlc_sub_int <- function(a, b) { r <- as.numeric(a) - as.numeric(b); if (abs(r) < 2^31) as.integer(r) else r }
mlc_neg_int <- function(x) { r <- -as.numeric(x); if (abs(r) < 2^31) as.integer(r) else r }

mlc_plotVectorPDF <- function(xs, filename) {
  grDevices::pdf(filename)
  graphics::plot(xs)
  grDevices::dev.off()
  invisible(NULL)
}
