relabelBox <- function(l, b) { b$label <- paste0(l, "!"); b }
