rTag <- function(x) paste0("#", x)
