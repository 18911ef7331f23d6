// libpq's header, PostgreSQL's C client library (Debian libpq-dev): its types only. The library
// itself is loaded on the first attach (PostgresClient/LibPQ.swift), not linked, so starting
// chiso does not load it. Only PostgresClient imports this.
#include <postgresql/libpq-fe.h>
