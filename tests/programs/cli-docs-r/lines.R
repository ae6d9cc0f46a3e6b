countLines <- function(path, skipBlank, minLen) {
  xs <- readLines(path)
  if (skipBlank) xs <- xs[nchar(xs) > 0]
  sum(nchar(xs) >= minLen)
}
