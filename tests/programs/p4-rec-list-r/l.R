rRows <- function(n) lapply(seq_len(n), function(i) list(key = paste0("r", i), val = i / 2))
rTotal <- function(rs) sum(vapply(rs, function(r) r$val, numeric(1)))
rScale <- function(k, rs) lapply(rs, function(r) { r$key <- paste0(r$key, "*", k); r })
