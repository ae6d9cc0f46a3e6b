rHello <- function() "hi R"
rLen <- function(s) nchar(s)
