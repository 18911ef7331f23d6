# Writes the haven half of the statistics-file fixtures (R haven, Debian r-cran-haven), and
# beside each the values haven reads back (NAME.haven.json): labelled codes as codes, tagged
# and user missing as NA, dates as ISO text. Run from this folder: Rscript make_fixtures.R.
suppressMessages({ library(haven); library(jsonlite) })

readback <- function(path, reader) {
  df <- reader(path)
  labels <- lapply(df, function(x) attr(x, "label"))
  # Tagged codes (Stata's .a) are written as ".a".
  vlabels <- lapply(df, function(x) { l <- attr(x, "labels"); if (is.null(l)) NULL else
    as.list(setNames(names(l), ifelse(is_tagged_na(l), paste0(".", na_tag(l)), as.character(unclass(l))))) })
  plain <- as.data.frame(lapply(df, function(x) {
    if (inherits(x, "Date")) as.character(x) else as.vector(zap_labels(zap_missing(x)))
  }), stringsAsFactors = FALSE)
  out <- list(columns = names(df), rows = plain, column_labels = labels,
              value_labels = Filter(Negate(is.null), vlabels),
              source = paste0("R haven ", packageVersion("haven"), ", ", deparse(substitute(reader)), "()"))
  writeLines(toJSON(out, auto_unbox = TRUE, null = "null", na = "null", digits = NA, pretty = TRUE), paste0(path, ".haven.json"), useBytes = TRUE)
}

urban <- labelled(c(1, 2, 2, 1, 3, 2), c("Thành thị" = 1, "Nông thôn" = 2), label = "Khu vực thành thị/nông thôn")
visit <- as.Date(c("2024-01-15", "2023-12-31", NA, "1999-03-01", "2024-11-01", "1960-01-01"))
attr(visit, "label") <- "Ngày phỏng vấn"

# Stata: .a and .b are tagged missing ages ("không biết", "từ chối"), with labels of their own.
age_dta <- labelled(c(34, tagged_na("a"), 51, tagged_na("b"), 27, 45),
                    c("Không biết" = tagged_na("a"), "Từ chối" = tagged_na("b")), label = "Tuổi chủ hộ")
dta <- data.frame(id = 1:6)
dta$urban <- urban
dta$age <- age_dta
dta$income <- c(12.5, 8.25, NA, 20, 6.75, 9.5)
dta$visit <- visit
dta$ten <- c("Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng", "", "Phạm Đức Ánh", "Võ Thị Hồng Nhung")
write_dta(dta, "haven.dta", version = 15)
readback("haven.dta", read_dta)

# SPSS: 97 and 98 are user-missing codes of age.
sav <- dta
sav$age <- labelled_spss(c(34, 97, 51, 98, 27, 45), c("Không biết" = 97, "Từ chối" = 98), na_values = c(97, 98), label = "Tuổi chủ hộ")
write_sav(sav, "haven.sav")
readback("haven.sav", read_sav)

# SAS data set and transport file (codes only: SAS keeps formats in a separate catalog).
sas <- data.frame(id = 1:6, urban = c(1, 2, 2, 1, 3, 2), income = dta$income, visit = visit)
suppressWarnings(write_sas(sas, "haven.sas7bdat"))
readback("haven.sas7bdat", read_sas)
write_xpt(sas, "haven.xpt", version = 8)
readback("haven.xpt", read_xpt)
