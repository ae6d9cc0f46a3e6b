# R functions for the r-alone test program.
mymean <- function(xs) mean(xs)
scaleBy <- function(k, xs) k * xs
greet <- function(name) paste0("hej ", name, "!")
describe <- function(xs) list(length(xs), if (length(xs) == 0) 0 else mean(xs))
makePerson <- function(name, age) list(name = toupper(name), age = age + 1L)
pickNth <- function(i, xs) xs[[i]]
positives <- function(xs) xs > 0
peopleTable <- function(names) data.frame(name = names, age = nchar(names))
rseed <- function() 6L
rnothing <- function(x) invisible(NULL)
