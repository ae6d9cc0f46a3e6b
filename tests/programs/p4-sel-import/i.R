rRev <- function(s) paste(rev(strsplit(s, "")[[1]]), collapse = "")
