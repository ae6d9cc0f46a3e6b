rNames <- function(m) names(m)
rTotal <- function(m) sum(unlist(m))
addBang <- function(m) { m[["!"]] <- 0L; m }
