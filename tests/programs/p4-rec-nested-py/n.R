petNames <- function(o) vapply(o$pets, function(p) p$name, character(1))
renameBest <- function(n, o) { o$best$name <- n; o }
