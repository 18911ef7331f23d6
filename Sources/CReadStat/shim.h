// ReadStat, the C library behind pyreadstat and R haven (Debian libreadstat-dev): SPSS .sav
// and .zsav, Stata .dta, SAS .sas7bdat and .xpt. Only the StatFiles module imports this.
#include <readstat.h>
