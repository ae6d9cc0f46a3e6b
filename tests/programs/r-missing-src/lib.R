# Defines nothing that main.loc sources.
size <- function(xs) length(xs)
