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
# statistic: what follows chiso's `estimate`; options: what follows its statistics (ci …,
# deff replace); label: the row's statistic in chiso's output when it differs (share of a factor).
add <- function(design, call, domain, stat, e, options = "", label = "", i = 1, ci = NULL, deff = TRUE) {
  rows[[length(rows) + 1]] <<- data.frame(design = design, call = call, domain = domain, statistic = stat,
    options = options, label = label,
    estimate = sprintf("%.15g", coef(e)[i]), se = sprintf("%.15g", SE(e)[i]),
    deff = if (deff) sprintf("%.15g", deff(e)[i]) else "", ci_lo = if (is.null(ci)) "" else sprintf("%.15g", ci[1]),
    ci_hi = if (is.null(ci)) "" else sprintf("%.15g", ci[2]), stringsAsFactors = FALSE)
}
for (nm in names(designs)) {
  d <- designs[[nm]]
  add(nm, "svymean(~api00, d, deff=TRUE)", "", "mean(api00)", svymean(~api00, d, deff = TRUE))
  add(nm, "svymean(~sch_wide, d, deff=TRUE)", "", "share(sch_wide)", svymean(~sch_wide, d, deff = TRUE))
  add(nm, "svytotal(~enroll, d, deff=TRUE)", "", "total(enroll)", svytotal(~enroll, d, deff = TRUE))
  by <- svyby(~api00, ~stype, d, svymean, deff = TRUE)
  for (i in seq_len(nrow(by))) {
    rows[[length(rows) + 1]] <- data.frame(design = nm, call = "svyby(~api00, ~stype, d, svymean, deff=TRUE)",
      domain = paste0("stype=", by$stype[i]), statistic = "mean(api00)", options = "", label = "",
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
        domain = sd[[2]], statistic = if (j == 1) "median(api00)" else "quantile(api00, 0.25)", options = "", label = "",
        estimate = sprintf("%.15g", q$api00[j, 1]), se = sprintf("%.15g", SE(q)[j]), deff = "",
        ci_lo = sprintf("%.15g", ci[j, 1]), ci_hi = sprintf("%.15g", ci[j, 2]), stringsAsFactors = FALSE)
    }
  }
  ci <- svyciprop(~both_yes, d, method = "logit")
  rows[[length(rows) + 1]] <- data.frame(design = nm, call = "svyciprop(~both_yes, d, method='logit')", domain = "",
    statistic = "share(both_yes)", options = "logit", label = "", estimate = sprintf("%.15g", as.vector(ci)),
    se = sprintf("%.15g", SE(ci)), deff = "", ci_lo = sprintf("%.15g", confint(ci)[1]),
    ci_hi = sprintf("%.15g", confint(ci)[2]), stringsAsFactors = FALSE)
}
# The rest of R survey's core, on the same designs.
for (nm in c("strat_fpc", "clus1_fpc")) {
  d <- designs[[nm]]
  r <- svyratio(~api00, ~api99, d)
  add(nm, "svyratio(~api00, ~api99, d)", "", "ratio(api00, api99)", r, deff = FALSE)
  r <- svyratio(~api00, ~api99, subset(d, stype == "E"))
  add(nm, "svyratio(~api00, ~api99, subset(d, stype == 'E'))", "stype == \"E\"", "ratio(api00, api99)", r, deff = FALSE)
  v <- svyvar(~api00, d)
  add(nm, "svyvar(~api00, d)", "", "var(api00)", v, deff = FALSE)
  v <- svyvar(~api00, subset(d, api99 > 600))
  add(nm, "svyvar(~api00, subset(d, api99 > 600))", "api99 > 600", "var(api00)", v, deff = FALSE)
  f <- svymean(~stype, d, deff = TRUE)
  for (i in 1:3) add(nm, "svymean(~stype, d, deff=TRUE)", "", "share(stype)", f, label = paste0("share(stype = ", c("E", "H", "M")[i], ")"), i = i)
  m <- svymean(~api00, d, deff = "replace")
  add(nm, "svymean(~api00, d, deff='replace')", "", "mean(api00)", m, options = "deff replace")
  m <- svytotal(~enroll, d, deff = "replace")
  add(nm, "svytotal(~enroll, d, deff='replace')", "", "total(enroll)", m, options = "deff replace")
  for (method in c("xlogit", "asin", "beta", "mean", "likelihood")) {
    for (df in list(list(degf(d), "design"), list(Inf, "inf"))) {
      ci <- svyciprop(~both_yes, d, method = method, df = df[[1]])
      rows[[length(rows) + 1]] <- data.frame(design = nm, call = paste0("svyciprop(~both_yes, d, method='", method, "', df=", if (df[[2]] == "inf") "Inf" else "degf(d)", ")"),
        domain = "", statistic = "share(both_yes)", options = paste0("ci ", method, if (df[[2]] == "inf") " df = inf" else ""), label = "",
        estimate = sprintf("%.15g", as.vector(ci)), se = sprintf("%.15g", SE(ci)), deff = "",
        ci_lo = sprintf("%.15g", confint(ci)[1]), ci_hi = sprintf("%.15g", confint(ci)[2]), stringsAsFactors = FALSE)
    }
  }
  for (rule in c("school", "hf7")) {
    q <- svyquantile(~api00, d, c(0.5, 0.25), ci = TRUE, qrule = rule)
    ci <- confint(q)
    for (j in 1:2) {
      rows[[length(rows) + 1]] <- data.frame(design = nm, call = paste0("svyquantile(~api00, d, c(0.5, 0.25), ci=TRUE, qrule='", rule, "')"),
        domain = "", statistic = if (j == 1) paste0("median(api00, rule = ", rule, ")") else paste0("quantile(api00, 0.25, rule = ", rule, ")"),
        options = "", label = "", estimate = sprintf("%.15g", q$api00[j, 1]), se = sprintf("%.15g", SE(q)[j]), deff = "",
        ci_lo = sprintf("%.15g", ci[j, 1]), ci_hi = sprintf("%.15g", ci[j, 2]), stringsAsFactors = FALSE)
    }
  }
}
# Two-stage cluster sampling (apiclus2: districts, then schools within them), with an fpc at
# each stage; weights implied by the fpcs, or given; and with no fpc (first stage only).
c2 <- apiclus2[, c("cds", "stype", "dnum", "snum", "pw", "fpc1", "fpc2", "api00", "api99", "enroll")]
c2$sch_wide <- as.integer(apiclus2$sch.wide == "Yes")
write.csv(c2, "apiclus2.csv", row.names = FALSE)
clus2 <- list(
  clus2_fpc = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = c2),
  clus2_fpc_w = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = c2),
  clus2_nofpc = svydesign(id = ~dnum + snum, weights = ~pw, data = c2)
)
for (nm in names(clus2)) {
  d <- clus2[[nm]]
  add(nm, "svymean(~api00, d, deff=TRUE)", "", "mean(api00)", svymean(~api00, d, deff = TRUE))
  add(nm, "svytotal(~api99, d, deff=TRUE)", "", "total(api99)", svytotal(~api99, d, deff = TRUE))
  add(nm, "svymean(~sch_wide, d, deff=TRUE)", "", "share(sch_wide)", svymean(~sch_wide, d, deff = TRUE))
  add(nm, "svymean(~api00, subset(d, stype == 'E'), deff=TRUE)", "stype == \"E\"", "mean(api00)", svymean(~api00, subset(d, stype == "E"), deff = TRUE))
  add(nm, "svyratio(~api00, ~api99, d)", "", "ratio(api00, api99)", svyratio(~api00, ~api99, d), deff = FALSE)
}

# Calibration to population totals on apiclus1 (apipop's counts: 4421 E, 755 H, 1018 M schools;
# 1072 without and 5122 with a school-wide target met): postStratify, rake, and calibrate
# (linear, GREG) on the two margins.
pop_stype <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop_schwide <- data.frame(sch_wide = c(0, 1), Freq = c(1072, 5122))
write.csv(setNames(pop_stype, c("stype", "total")), "pop_stype.csv", row.names = FALSE)
write.csv(setNames(pop_schwide, c("sch_wide", "total")), "pop_schwide.csv", row.names = FALSE)
d1 <- designs$clus1_fpc
cal <- list(
  cal_post = postStratify(d1, ~stype, pop_stype),
  cal_rake = rake(d1, list(~stype, ~sch_wide), list(pop_stype, pop_schwide)),
  cal_linear = calibrate(d1, list(~stype, ~sch_wide), list(pop_stype, pop_schwide))
)
for (nm in names(cal)) {
  d <- cal[[nm]]
  add(nm, "svymean(~api00, d, deff=TRUE)", "", "mean(api00)", svymean(~api00, d, deff = TRUE))
  add(nm, "svytotal(~enroll, d, deff=TRUE)", "", "total(enroll)", svytotal(~enroll, d, deff = TRUE))
  add(nm, "svymean(~api00, subset(d, api99 > 600), deff=TRUE)", "api99 > 600", "mean(api00)", svymean(~api00, subset(d, api99 > 600), deff = TRUE))
  add(nm, "svyratio(~api00, ~api99, d)", "", "ratio(api00, api99)", svyratio(~api00, ~api99, d), deff = FALSE)
}

# R's scd data (ambulances numbered within each ESA: nest = TRUE) and nhanes (PSUs numbered
# within strata; HI_CHOL has missing values, left out of each estimate's domain as chiso does
# and R's na.rm = TRUE).
data(scd); data(nhanes)
scd$fpc <- 5
write.csv(scd, "scd.csv", row.names = FALSE)
nh <- nhanes; nh$agecat <- as.character(nh$agecat)
write.csv(nh, "nhanes.csv", row.names = FALSE)
dscd <- svydesign(ids = ~ambulance, strata = ~ESA, fpc = ~rep(5, 6), data = scd, nest = TRUE)
add("scd", "svymean(~alive, dscd, deff=TRUE)", "", "mean(alive)", svymean(~alive, dscd, deff = TRUE))
add("scd", "svytotal(~arrests, dscd, deff=TRUE)", "", "total(arrests)", svytotal(~arrests, dscd, deff = TRUE))
add("scd", "svyratio(~alive, ~arrests, dscd)", "", "ratio(alive, arrests)", svyratio(~alive, ~arrests, dscd), deff = FALSE)
dnh <- svydesign(id = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = nh)
add("nhanes", "svymean(~HI_CHOL, dnh, na.rm=TRUE, deff=TRUE)", "", "mean(HI_CHOL)", svymean(~HI_CHOL, dnh, na.rm = TRUE, deff = TRUE))
add("nhanes", "svymean(~HI_CHOL, subset(dnh, RIAGENDR == 2), na.rm=TRUE, deff=TRUE)", "RIAGENDR == 2", "mean(HI_CHOL)",
    svymean(~HI_CHOL, subset(dnh, RIAGENDR == 2), na.rm = TRUE, deff = TRUE))
f <- svymean(~agecat, dnh, deff = TRUE)
lv <- sort(unique(nh$agecat))
for (i in seq_along(lv)) add("nhanes", "svymean(~agecat, dnh, deff=TRUE)", "", "share(agecat)", f, label = paste0("share(agecat = ", lv[i], ")"), i = i)
ci <- svyciprop(~HI_CHOL, dnh, method = "beta", na.rm = TRUE)
rows[[length(rows) + 1]] <- data.frame(design = "nhanes", call = "svyciprop(~HI_CHOL, dnh, method='beta', na.rm=TRUE)", domain = "",
  statistic = "share(HI_CHOL)", options = "ci beta", label = "", estimate = sprintf("%.15g", as.vector(ci)),
  se = sprintf("%.15g", SE(ci)), deff = "", ci_lo = sprintf("%.15g", confint(ci)[1]), ci_hi = sprintf("%.15g", confint(ci)[2]),
  stringsAsFactors = FALSE)

# Equal weights that a double cannot hold (0.1): n·p is a whole number, and R's cumulative sums
# (in long double) meet p·W exactly, so the math rule takes the value at that position.
eq <- strat; eq$w01 <- 0.1
write.csv(eq, "equal01.csv", row.names = FALSE)
deq <- svydesign(id = ~1, weights = ~w01, data = eq)
q <- svyquantile(~api00, deq, c(0.25, 0.5, 0.75), ci = TRUE)
ci <- confint(q)
for (j in 1:3) {
  p <- c(0.25, 0.5, 0.75)[j]
  rows[[length(rows) + 1]] <- data.frame(design = "equal01", call = "svyquantile(~api00, deq, c(0.25, 0.5, 0.75), ci=TRUE)",
    domain = "", statistic = if (p == 0.5) "median(api00)" else paste0("quantile(api00, ", p, ")"), options = "", label = "",
    estimate = sprintf("%.15g", q$api00[j, 1]), se = sprintf("%.15g", SE(q)[j]), deff = "",
    ci_lo = sprintf("%.15g", ci[j, 1]), ci_hi = sprintf("%.15g", ci[j, 2]), stringsAsFactors = FALSE)
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
