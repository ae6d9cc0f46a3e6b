addr <- function(x, y) x + y
addi <- function(x, y) x + y
kind <- function(x) if (is.integer(x)) "int" else "float"
