// libpq, PostgreSQL's C client library (Debian libpq-dev). Only PostgresClient imports this.
#include <libpq-fe.h>
