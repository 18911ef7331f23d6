# Writes the api test data and R survey's reference values for chiso's survey tests.
# Run once (Debian: r-base-core, r-cran-survey): Rscript Tests/Survey/make_reference.R
# The outputs (apistrat.csv, apiclus1.csv, reference.csv) are committed; this script is how
# they were made.
suppressMessages(library(survey))
data(api)
cols <- c("cds", "stype", "dnum", "snum", "pw", "fpc", "api00", "api99", "enroll", "sch.wide", "both", "awards")
strat <- apistrat[, cols]
clus1 <- apiclus1[, cols]
for (d in c("strat", "clus1")) {
  x <- get(d)
  x$sch_wide <- as.integer(x$sch.wide == "Yes"); x$both_yes <- as.integer(x$both == "Yes")
  x$sch.wide <- NULL; x$both <- NULL; x$awards <- as.integer(x$awards == "Yes")
  names(x)[names(x) == "awards"] <- "awards_yes"
  assign(d, x)
}
write.csv(strat, "apistrat.csv", row.names = FALSE)
write.csv(clus1, "apiclus1.csv", row.names = FALSE)

designs <- list(
  strat_fpc = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat, fpc = ~fpc),
  strat_nofpc = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = strat),
  clus1_fpc = svydesign(id = ~dnum, weights = ~pw, data = clus1, fpc = ~fpc),
  clus1_nofpc = svydesign(id = ~dnum, weights = ~pw, data = clus1)
)
rows <- list()
add <- function(design, call, domain, stat, e) {
  rows[[length(rows) + 1]] <<- data.frame(design = design, call = call, domain = domain, statistic = stat,
    estimate = sprintf("%.15g", coef(e)), se = sprintf("%.15g", SE(e)),
    deff = sprintf("%.15g", deff(e)), ci_lo = "", ci_hi = "", stringsAsFactors = FALSE)
}
for (nm in names(designs)) {
  d <- designs[[nm]]
  add(nm, "svymean(~api00, d, deff=TRUE)", "", "mean(api00)", svymean(~api00, d, deff = TRUE))
  add(nm, "svymean(~sch_wide, d, deff=TRUE)", "", "share(sch_wide)", svymean(~sch_wide, d, deff = TRUE))
  add(nm, "svytotal(~enroll, d, deff=TRUE)", "", "total(enroll)", svytotal(~enroll, d, deff = TRUE))
  by <- svyby(~api00, ~stype, d, svymean, deff = TRUE)
  for (i in seq_len(nrow(by))) {
    rows[[length(rows) + 1]] <- data.frame(design = nm, call = "svyby(~api00, ~stype, d, svymean, deff=TRUE)",
      domain = paste0("stype=", by$stype[i]), statistic = "mean(api00)",
      estimate = sprintf("%.15g", by$api00[i]), se = sprintf("%.15g", by$se[i]),
      deff = sprintf("%.15g", by$DEff.api00[i]), ci_lo = "", ci_hi = "", stringsAsFactors = FALSE)
  }
  sub <- subset(d, api99 > 600)
  add(nm, "svymean(~api00, subset(d, api99 > 600), deff=TRUE)", "api99 > 600", "mean(api00)", svymean(~api00, sub, deff = TRUE))
  add(nm, "svytotal(~enroll, subset(d, api99 > 600), deff=TRUE)", "api99 > 600", "total(enroll)", svytotal(~enroll, sub, deff = TRUE))
  for (sd in list(list(d, ""), list(subset(d, api99 > 600), "api99 > 600"))) {
    q <- svyquantile(~api00, sd[[1]], c(0.5, 0.25), ci = TRUE)
    ci <- confint(q)
    for (j in 1:2) {
      rows[[length(rows) + 1]] <- data.frame(design = nm,
        call = paste0("svyquantile(~api00, ", if (sd[[2]] == "") "d" else "subset(d, api99 > 600)", ", c(0.5, 0.25), ci=TRUE)"),
        domain = sd[[2]], statistic = if (j == 1) "median(api00)" else "quantile(api00, 0.25)",
        estimate = sprintf("%.15g", q$api00[j, 1]), se = sprintf("%.15g", SE(q)[j]), deff = "",
        ci_lo = sprintf("%.15g", ci[j, 1]), ci_hi = sprintf("%.15g", ci[j, 2]), stringsAsFactors = FALSE)
    }
  }
  ci <- svyciprop(~both_yes, d, method = "logit")
  rows[[length(rows) + 1]] <- data.frame(design = nm, call = "svyciprop(~both_yes, d, method='logit')", domain = "",
    statistic = "share(both_yes) logit", estimate = sprintf("%.15g", as.vector(ci)),
    se = sprintf("%.15g", SE(ci)), deff = "", ci_lo = sprintf("%.15g", confint(ci)[1]),
    ci_hi = sprintf("%.15g", confint(ci)[2]), stringsAsFactors = FALSE)
}
# A stratum with a single PSU: every E and M school and one H school, R's "adjust" rule.
lonely <- rbind(strat[strat$stype != "H", ], strat[strat$stype == "H", ][1, ])
write.csv(lonely, "lonely.csv", row.names = FALSE)
options(survey.lonely.psu = "adjust")
dl <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = lonely)
add("lonely_adjust", "svymean(~api00, dl, deff=TRUE) with survey.lonely.psu='adjust'", "", "mean(api00)", svymean(~api00, dl, deff = TRUE))
add("lonely_adjust", "svytotal(~enroll, dl, deff=TRUE) with survey.lonely.psu='adjust'", "", "total(enroll)", svytotal(~enroll, dl, deff = TRUE))
# The other lonely-PSU rules on the same design (chiso: lonely = remove | certainty | average).
for (rule in c("remove", "certainty", "average")) {
  options(survey.lonely.psu = rule)
  add(paste0("lonely_", rule), paste0("svymean(~api00, dl, deff=TRUE) with survey.lonely.psu='", rule, "'"), "", "mean(api00)", svymean(~api00, dl, deff = TRUE))
  add(paste0("lonely_", rule), paste0("svytotal(~enroll, dl, deff=TRUE) with survey.lonely.psu='", rule, "'"), "", "total(enroll)", svytotal(~enroll, dl, deff = TRUE))
}
options(survey.lonely.psu = "fail")

out <- do.call(rbind, rows)
write.csv(out, "reference.csv", row.names = FALSE)

# Designs R refuses (chiso must refuse them too): what R says, for BadDesignTests. Each file is
# apistrat with one change; the R call and its error message are written beside it.
bad <- list()
refuse <- function(name, data, call) {
  write.csv(data, paste0("bad_", name, ".csv"), row.names = FALSE)
  msg <- tryCatch({ eval(call); "no error" }, error = function(e) conditionMessage(e))
  bad[[length(bad) + 1]] <<- data.frame(case = name, call = deparse(call, width.cutoff = 500L), r_says = msg, stringsAsFactors = FALSE)
}
x <- strat; x$stype[5] <- NA
refuse("null_strata", x, quote(svymean(~api00, svydesign(id = ~1, strata = ~stype, weights = ~pw, data = x))))
x <- strat; x$fpc[c(1:5)] <- 0.5
refuse("fpc_mixed", x, quote(svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = x)))
x <- strat; x$fpc[x$stype == "H"] <- 20
refuse("fpc_below_sample", x, quote(svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = x)))
x <- strat; x$fpc <- 1
refuse("fpc_all_one", x, quote(svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = x)))
x <- strat; x$fpc[1] <- x$fpc[1] + 1
refuse("fpc_varies", x, quote(withCallingHandlers(svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = x), warning = function(w) stop(conditionMessage(w)))))
x <- strat; x$dnum_in <- ave(x$dnum, x$stype, FUN = function(v) as.integer(factor(v)))
refuse("not_nested", x, quote(svydesign(id = ~dnum_in, strata = ~stype, weights = ~pw, data = x)))
options(survey.lonely.psu = "fail")
refuse("lonely_fail", lonely, quote(svymean(~api00, svydesign(id = ~1, strata = ~stype, weights = ~pw, data = lonely))))
write.csv(do.call(rbind, bad), "bad_designs.csv", row.names = FALSE)
print(do.call(rbind, bad))
print(out[, c("design", "domain", "statistic", "estimate", "se")])
