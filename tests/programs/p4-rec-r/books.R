# R side of p4-rec-r: a Book is a named list.
addPages <- function(n, b) { b$pages <- b$pages + n; b }
citation <- function(b) sprintf("%s, %d pp., $%.2f", b$title, b$pages, b$price)
retitle <- function(t, b) { b$title <- t; b }
