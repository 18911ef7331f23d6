# R side of the survey benchmark: svyby(~has_smartphone, ~province, design, svymean) on the
# file Scripts/bench writes. Prints the time of the svyby call and the estimates.
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1])
d <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, data = df, nest = TRUE)
t <- system.time(r <- svyby(~has_smartphone, ~province, d, svymean, na.rm = TRUE))
cat(sprintf("time_ms %.1f\n", 1000 * t[["elapsed"]]))
for (i in seq_len(nrow(r))) cat(sprintf("%s %.15g %.15g\n", r$province[i], r$has_smartphone[i], r$se[i]))
