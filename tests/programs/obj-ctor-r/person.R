# The user's constructor: a list of class "person".
PersonObj <- function(name, info) structure(list(name = name, info = info), class = "person")
