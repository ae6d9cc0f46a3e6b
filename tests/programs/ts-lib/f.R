rJoin <- function(s, k) paste0(s, k)
