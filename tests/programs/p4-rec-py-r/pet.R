rOlder <- function(p) { p$age <- p$age + 10L; p }
rShow <- function(p) sprintf("r: %s %d", p$name, p$age)
