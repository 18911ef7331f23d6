import CLibPQ
#if canImport(Glibc)
import Glibc
#endif
import ChisoKit

/// libpq, loaded with `dlopen` on the first `attach` instead of linked: linking it made every
/// start of chiso load libpq and what it needs (OpenSSL, Kerberos, LDAP, GnuTLS) and run their
/// initialisers — 3.4 ms of a `chiso -c 'help'` that otherwise takes about 5.6 ms. Only
/// PostgresClient calls libpq, and each function it uses is declared here under libpq's own
/// name, so PostgresConnection reads as plain libpq; these declarations shadow the header's,
/// whose symbols are then never linked. The header (libpq-dev) still gives the types.
enum LibPQ {
    struct Functions {
        let connectdb: @convention(c) (UnsafePointer<CChar>?) -> OpaquePointer?
        let status: @convention(c) (OpaquePointer?) -> ConnStatusType
        let errorMessage: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
        let finish: @convention(c) (OpaquePointer?) -> Void
        let host: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
        let port: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
        let user: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
        let db: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
        let parameterStatus: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> UnsafePointer<CChar>?
        let clear: @convention(c) (OpaquePointer?) -> Void
        let transactionStatus: @convention(c) (OpaquePointer?) -> PGTransactionStatusType
        let ntuples: @convention(c) (OpaquePointer?) -> Int32
        let nfields: @convention(c) (OpaquePointer?) -> Int32
        let getisnull: @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
        let getlength: @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
        let getvalue: @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
        let putCopyData: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32
        let putCopyEnd: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
        let sendQueryParams: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?,
                                             UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> Int32
        let resultStatus: @convention(c) (OpaquePointer?) -> ExecStatusType
        let isBusy: @convention(c) (OpaquePointer?) -> Int32
        let socket: @convention(c) (OpaquePointer?) -> Int32
        let consumeInput: @convention(c) (OpaquePointer?) -> Int32
        let getCancel: @convention(c) (OpaquePointer?) -> OpaquePointer?
        let cancel: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int32) -> Int32
        let freeCancel: @convention(c) (OpaquePointer?) -> Void
        let getResult: @convention(c) (OpaquePointer?) -> OpaquePointer?
        let resultErrorField: @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    }

    nonisolated(unsafe) private static var loaded: Functions?

    /// The functions, loading libpq the first time; a missing library is an error that says
    /// what to install.
    static func load() throws -> Functions {
        if let loaded { return loaded }
        let names = ["libpq.so.5", "libpq.so"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            let why = dlerror().map { String(cString: $0) } ?? "not found"
            throw Diagnostic(.io, "cannot attach: PostgreSQL's client library libpq is not installed (\(why))",
                             hint: "install it (Debian/Ubuntu: apt-get install libpq5) and try again")
        }
        var missing: [String] = []
        func f<T>(_ name: String, _: T.Type) -> T? {
            guard let p = dlsym(handle, name) else { missing.append(name); return nil }
            return unsafeBitCast(p, to: T.self)
        }
        let fns = Functions(
            connectdb: f("PQconnectdb", (@convention(c) (UnsafePointer<CChar>?) -> OpaquePointer?).self) ?? { _ in nil },
            status: f("PQstatus", (@convention(c) (OpaquePointer?) -> ConnStatusType).self) ?? { _ in CONNECTION_BAD },
            errorMessage: f("PQerrorMessage", (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self) ?? { _ in nil },
            finish: f("PQfinish", (@convention(c) (OpaquePointer?) -> Void).self) ?? { _ in },
            host: f("PQhost", (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self) ?? { _ in nil },
            port: f("PQport", (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self) ?? { _ in nil },
            user: f("PQuser", (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self) ?? { _ in nil },
            db: f("PQdb", (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self) ?? { _ in nil },
            parameterStatus: f("PQparameterStatus", (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> UnsafePointer<CChar>?).self) ?? { _, _ in nil },
            clear: f("PQclear", (@convention(c) (OpaquePointer?) -> Void).self) ?? { _ in },
            transactionStatus: f("PQtransactionStatus", (@convention(c) (OpaquePointer?) -> PGTransactionStatusType).self) ?? { _ in PQTRANS_UNKNOWN },
            ntuples: f("PQntuples", (@convention(c) (OpaquePointer?) -> Int32).self) ?? { _ in 0 },
            nfields: f("PQnfields", (@convention(c) (OpaquePointer?) -> Int32).self) ?? { _ in 0 },
            getisnull: f("PQgetisnull", (@convention(c) (OpaquePointer?, Int32, Int32) -> Int32).self) ?? { _, _, _ in 1 },
            getlength: f("PQgetlength", (@convention(c) (OpaquePointer?, Int32, Int32) -> Int32).self) ?? { _, _, _ in 0 },
            getvalue: f("PQgetvalue", (@convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?).self) ?? { _, _, _ in nil },
            putCopyData: f("PQputCopyData", (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32).self) ?? { _, _, _ in -1 },
            putCopyEnd: f("PQputCopyEnd", (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32).self) ?? { _, _ in -1 },
            sendQueryParams: f("PQsendQueryParams", (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?,
                                                                     UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> Int32).self)
                ?? { _, _, _, _, _, _, _, _ in 0 },
            resultStatus: f("PQresultStatus", (@convention(c) (OpaquePointer?) -> ExecStatusType).self) ?? { _ in PGRES_FATAL_ERROR },
            isBusy: f("PQisBusy", (@convention(c) (OpaquePointer?) -> Int32).self) ?? { _ in 0 },
            socket: f("PQsocket", (@convention(c) (OpaquePointer?) -> Int32).self) ?? { _ in -1 },
            consumeInput: f("PQconsumeInput", (@convention(c) (OpaquePointer?) -> Int32).self) ?? { _ in 0 },
            getCancel: f("PQgetCancel", (@convention(c) (OpaquePointer?) -> OpaquePointer?).self) ?? { _ in nil },
            cancel: f("PQcancel", (@convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int32) -> Int32).self) ?? { _, _, _ in 0 },
            freeCancel: f("PQfreeCancel", (@convention(c) (OpaquePointer?) -> Void).self) ?? { _ in },
            getResult: f("PQgetResult", (@convention(c) (OpaquePointer?) -> OpaquePointer?).self) ?? { _ in nil },
            resultErrorField: f("PQresultErrorField", (@convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?).self) ?? { _, _ in nil })
        guard missing.isEmpty else {
            throw Diagnostic(.io, "cannot attach: the installed libpq lacks \(missing.joined(separator: ", "))",
                             hint: "install a current libpq (Debian/Ubuntu: apt-get install libpq5)")
        }
        loaded = fns
        return fns
    }

    /// The functions once `load` succeeded (every caller runs after a connection was made).
    static var fn: Functions { loaded! }
}

// libpq's functions under their own names, through the loaded table (see `LibPQ`).
func PQconnectdb(_ conninfo: UnsafePointer<CChar>!) -> OpaquePointer! { LibPQ.fn.connectdb(conninfo) }
func PQstatus(_ conn: OpaquePointer!) -> ConnStatusType { LibPQ.fn.status(conn) }
func PQerrorMessage(_ conn: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.fn.errorMessage(conn) }
func PQfinish(_ conn: OpaquePointer!) { LibPQ.fn.finish(conn) }
func PQhost(_ conn: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.fn.host(conn) }
func PQport(_ conn: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.fn.port(conn) }
func PQuser(_ conn: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.fn.user(conn) }
func PQdb(_ conn: OpaquePointer!) -> UnsafeMutablePointer<CChar>! { LibPQ.fn.db(conn) }
func PQparameterStatus(_ conn: OpaquePointer!, _ name: UnsafePointer<CChar>!) -> UnsafePointer<CChar>! { LibPQ.fn.parameterStatus(conn, name) }
func PQclear(_ res: OpaquePointer!) { LibPQ.fn.clear(res) }
func PQtransactionStatus(_ conn: OpaquePointer!) -> PGTransactionStatusType { LibPQ.fn.transactionStatus(conn) }
func PQntuples(_ res: OpaquePointer!) -> Int32 { LibPQ.fn.ntuples(res) }
func PQnfields(_ res: OpaquePointer!) -> Int32 { LibPQ.fn.nfields(res) }
func PQgetisnull(_ res: OpaquePointer!, _ row: Int32, _ field: Int32) -> Int32 { LibPQ.fn.getisnull(res, row, field) }
func PQgetlength(_ res: OpaquePointer!, _ row: Int32, _ field: Int32) -> Int32 { LibPQ.fn.getlength(res, row, field) }
func PQgetvalue(_ res: OpaquePointer!, _ row: Int32, _ field: Int32) -> UnsafeMutablePointer<CChar>! { LibPQ.fn.getvalue(res, row, field) }
func PQputCopyData(_ conn: OpaquePointer!, _ buffer: UnsafePointer<CChar>!, _ n: Int32) -> Int32 { LibPQ.fn.putCopyData(conn, buffer, n) }
func PQputCopyEnd(_ conn: OpaquePointer!, _ error: UnsafePointer<CChar>!) -> Int32 { LibPQ.fn.putCopyEnd(conn, error) }
func PQsendQueryParams(_ conn: OpaquePointer!, _ command: UnsafePointer<CChar>!, _ n: Int32, _ types: UnsafePointer<Oid>!,
                       _ values: UnsafePointer<UnsafePointer<CChar>?>!, _ lengths: UnsafePointer<Int32>!, _ formats: UnsafePointer<Int32>!,
                       _ resultFormat: Int32) -> Int32 {
    LibPQ.fn.sendQueryParams(conn, command, n, types, values, lengths, formats, resultFormat)
}
func PQresultStatus(_ res: OpaquePointer!) -> ExecStatusType { LibPQ.fn.resultStatus(res) }
func PQisBusy(_ conn: OpaquePointer!) -> Int32 { LibPQ.fn.isBusy(conn) }
func PQsocket(_ conn: OpaquePointer!) -> Int32 { LibPQ.fn.socket(conn) }
func PQconsumeInput(_ conn: OpaquePointer!) -> Int32 { LibPQ.fn.consumeInput(conn) }
func PQgetCancel(_ conn: OpaquePointer!) -> OpaquePointer! { LibPQ.fn.getCancel(conn) }
func PQcancel(_ cancel: OpaquePointer!, _ buffer: UnsafeMutablePointer<CChar>!, _ size: Int32) -> Int32 { LibPQ.fn.cancel(cancel, buffer, size) }
func PQfreeCancel(_ cancel: OpaquePointer!) { LibPQ.fn.freeCancel(cancel) }
func PQgetResult(_ conn: OpaquePointer!) -> OpaquePointer! { LibPQ.fn.getResult(conn) }
func PQresultErrorField(_ res: OpaquePointer!, _ code: Int32) -> UnsafeMutablePointer<CChar>! { LibPQ.fn.resultErrorField(res, code) }
