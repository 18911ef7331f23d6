# R side of the survey benchmarks: the share, mean and total by province with SEs, by svyby, on
# the file Scripts/bench writes. Prints the time of the three svyby calls and the estimates.
# With a second argument `needed`, only the columns the design and the statistics use are read
# (the 10M-person file of the PostgreSQL benchmark).
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) > 1 && args[2] == "needed") {
  keep <- c("province", "stratum", "psu", "weight", "age", "has_smartphone", "has_account")
  header <- names(read.csv(args[1], nrows = 1))
  df <- read.csv(args[1], colClasses = ifelse(header %in% keep, NA, "NULL"))
} else {
  df <- read.csv(args[1])
}
d <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, data = df, nest = TRUE)
t <- system.time({
  s <- svyby(~has_smartphone, ~province, d, svymean, na.rm = TRUE)
  m <- svyby(~age, ~province, d, svymean, na.rm = TRUE)
  a <- svyby(~has_account, ~province, d, svytotal, na.rm = TRUE)
})
cat(sprintf("time_ms %.1f\n", 1000 * t[["elapsed"]]))
for (i in seq_len(nrow(s))) cat(sprintf("share %s %.15g %.15g\n", s$province[i], s$has_smartphone[i], s$se[i]))
for (i in seq_len(nrow(m))) cat(sprintf("mean %s %.15g %.15g\n", m$province[i], m$age[i], m$se[i]))
for (i in seq_len(nrow(a))) cat(sprintf("total %s %.15g %.15g\n", a$province[i], a$has_account[i], a$se[i]))
