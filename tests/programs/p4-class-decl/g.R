shout <- function(s) toupper(s)
countOf <- function(xs) paste0(length(xs), " items")
