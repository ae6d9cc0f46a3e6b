# rbase data: the Map packers. In R a Map with string keys is a named list.

morloc_packMap <- function(t) {
  keys <- unlist(t[[1]], use.names = FALSE)
  vals <- t[[2]]
  if (length(keys) != length(vals)) stop(sprintf("Map: %d keys but %d values", length(keys), length(vals)))
  out <- as.list(vals)
  names(out) <- keys
  out
}

morloc_unpackMap <- function(m) {
  vals <- unname(m)
  if (all(vapply(vals, function(v) is.atomic(v) && length(v) == 1, logical(1)))) vals <- unlist(vals)
  list(names(m), vals)
}
