# A labelled Stata file of one survey round, as a provincial office would receive it: the 2024
# round of Datasets/survey.csv (synthetic, survey-gen seed 411) for two provinces, urban as a
# labelled code (1 = Thành thị, 0 = Nông thôn), written by R haven. Beside it, R survey's
# svymean(~factor(urban)) on the same rows and design (survey_2024.R.txt), which the tests
# compare chiso's `estimate share(urban)` against. Run from this folder.
suppressMessages({ library(haven); library(survey) })
s <- read.csv("../../../../Datasets/survey.csv", stringsAsFactors = FALSE)
s <- s[s$year == 2024 & s$province %in% c("nghe-an", "nam-dinh"),
       c("province", "stratum", "psu", "weight", "fpc", "urban", "age", "has_account")]
s$urban <- labelled(as.integer(s$urban), c("Nông thôn" = 0L, "Thành thị" = 1L), label = "Khu vực")
s$has_account <- labelled(as.integer(s$has_account), c("Không" = 0L, "Có" = 1L), label = "Có tài khoản ngân hàng")
write_dta(s, "survey_2024.dta", version = 15)
d <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, data = as.data.frame(zap_labels(s)))
m <- svymean(~factor(urban, levels = c(0, 1), labels = c("Nông thôn", "Thành thị")), d)
sink("survey_2024.R.txt")
cat(sprintf("R survey %s, svymean(~factor(urban)) on survey_2024.dta (%d rows)\n", packageVersion("survey"), nrow(s)))
cat(sprintf("%s %.15g %.15g\n", c("Nông thôn", "Thành thị"), coef(m), SE(m)), sep = "")
sink()
