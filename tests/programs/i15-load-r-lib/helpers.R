x <- 1
library(mlcNoSuchPackageXyz)
inc <- function(x) x + 1L
