check_config <- function() stop("refusing to load")

check_config()

inc <- function(x) x + 1L
