# Functions that insist on getting objects built by PersonObj. The class "person" is also one of
# utils (with its own `[[` and `$` methods), so fields are read from the unclassed list.
greet <- function(p) { stopifnot(inherits(p, "person")); f <- unclass(p); paste0("hi ", f$name, " (", f$info, ")") }
same <- function(p) { stopifnot(inherits(p, "person")); p }
