bump <- function(m) lapply(m, function(v) v + 1L)

scale <- function(f, m) lapply(m, function(v) v * f)

relabel <- function(e) list(label = paste0(e$label, "!"), counts = bump(e$counts))

outer <- function(m) {
  out <- lapply(names(m), function(k) { inner <- list(m[[k]], length(m)); names(inner) <- c(k, "n"); inner })
  names(out) <- names(m)
  out
}
