# Defines none of the sourced names itself: rev, toupper and nchar come from base R, and `double`
# from more.R, which this file sources from its own folder (no source statement names more.R).
source("more.R")
