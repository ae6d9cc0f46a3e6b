rFee <- function(a) { a$cents <- a$cents - 5L; a }
