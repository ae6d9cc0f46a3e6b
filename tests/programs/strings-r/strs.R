upper <- function(s) toupper(s)
count_chars <- function(s) nchar(s, type = "chars")
echo <- function(s) s
