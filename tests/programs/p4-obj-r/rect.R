# R constructor for p4-obj-r: a list with class "rect".
newRect <- function(w, h) structure(list(w = w, h = h), class = "rect")
area <- function(r) { stopifnot(inherits(r, "rect")); r$w * r$h }
scaled <- function(k, r) { stopifnot(inherits(r, "rect")); newRect(r$w * k, r$h * k) }
describe <- function(r) paste0(class(r), ":", r$w, "x", r$h)
