import CLibPQ
import ChisoKit
import Foundation

/// A PostgreSQL connection through libpq: the one module that calls it. Queries are sent
/// asynchronously so Ctrl-C can cancel them on the server (`PQcancel`); results arrive through
/// a cursor in batches, each read cell by cell into typed columns (text format: the server's
/// own rendering of each value, parsed by chiso's number and date readers).
public final class PostgresConnection: DatabaseConnection {
    private var conn: OpaquePointer?
    public let display: String
    public private(set) var bytesReceived = 0
    public private(set) var normalizesText = false
    /// Rows per `FETCH`: big enough that round trips do not count, small enough that one batch
    /// of a wide table stays a few megabytes.
    static let batchRows = 50_000

    /// For `Session.connector`.
    public static let connector: DatabaseConnector = { try PostgresConnection($0) }

    /// `url` is a URI or key/value connection string; "" uses the `PG*` environment variables
    /// and `~/.pgpass`.
    public init(_ url: String) throws {
        guard !url.utf8.contains(0) else { throw Diagnostic(.usage, "a connection string cannot hold a NUL byte") }
        _ = try LibPQ.load()
        conn = PQconnectdb(url)
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let message = conn.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(conn)
            self.conn = nil
            throw Diagnostic(.io, "cannot connect to PostgreSQL: " + ConnectionString.scrubbed(Self.clean(message), of: url),
                             hint: "check the host, port, database, user and password (PG* environment variables and ~/.pgpass are used for what the string leaves out)")
        }
        let host = String(cString: PQhost(conn)), port = String(cString: PQport(conn))
        display = "postgresql://\(String(cString: PQuser(conn)))@" + (host.hasPrefix("/") ? "[\(host)]" : host) + ":\(port)/\(String(cString: PQdb(conn)))"
        // Values the decoder can read whatever the server's defaults: ISO dates, UTF-8 text,
        // floats in their shortest exact form.
        try execute("SET datestyle = 'ISO, YMD'", [])
        try execute("SET client_encoding = 'UTF8'", [])
        try execute("SET extra_float_digits = 1", [])
        // Only pg_catalog (searched first, implicitly) resolves names chiso does not qualify:
        // a schema put before it by a role, a database or the connection options cannot shadow
        // sqrt, strpos or an operator, nor run its own functions with the analyst's rights.
        // chiso's own SQL names every table with its schema.
        try execute("SELECT pg_catalog.set_config('search_path', '', false)", [])
        normalizesText = PQparameterStatus(conn, "server_encoding").map { String(cString: $0) } == "UTF8"
    }

    deinit { close() }

    public func close() {
        if let conn { PQfinish(conn) }
        conn = nil
    }

    private func connection() throws -> OpaquePointer {
        guard let conn else { throw Diagnostic(.io, "the database connection is closed") }
        return conn
    }

    // MARK: - Statements

    public func execute(_ sql: String, _ parameters: [Value]) throws {
        let r = try run(sql, parameters)
        PQclear(r)
    }

    public func query(_ sql: String, _ parameters: [Value], names: [String], types: [DataType]) throws -> Table {
        let conn = try connection()
        let own = PQtransactionStatus(conn) == PQTRANS_IDLE
        if own { try execute("BEGIN", []) }
        do {
            // Every row is fetched: plan for the whole result, not for the first tenth of it
            // (a cursor's default), which picks sorts that spill to disk (12.4 s vs 6.4 s for
            // the survey cells of 10M rows).
            try execute("SET LOCAL cursor_tuple_fraction = 1.0", [])
            try execute("DECLARE chiso_cursor NO SCROLL CURSOR FOR " + sql, parameters)
            let decoder = ResultDecoder(names: names, types: types)
            while true {
                let r = try run("FETCH FORWARD \(Self.batchRows) FROM chiso_cursor", [])
                defer { PQclear(r) }
                let rows = Int(PQntuples(r)), fields = Int(PQnfields(r))
                if rows == 0 { break }
                guard fields == types.count else {
                    throw Diagnostic(.runtime, "the database returned \(fields) columns where chiso expected \(types.count)")
                }
                for f in 0..<fields {
                    for row in 0..<rows {
                        if PQgetisnull(r, Int32(row), Int32(f)) != 0 { decoder.appendNull(f); continue }
                        let n = Int(PQgetlength(r, Int32(row), Int32(f)))
                        let p = UnsafeRawPointer(PQgetvalue(r, Int32(row), Int32(f))!).assumingMemoryBound(to: UInt8.self)
                        bytesReceived += n
                        try decoder.append(f, p, n)
                    }
                }
                if Interrupt.requested { throw Diagnostic(.runtime, "interrupted", hint: "the query was stopped; nothing changed") }
            }
            try execute("CLOSE chiso_cursor", [])
            if own { try execute("COMMIT", []) }
            return decoder.table()
        } catch {
            if own { _ = try? execute("ROLLBACK", []) }
            throw error
        }
    }

    public func copyIn(_ sql: String, _ produce: (_ send: ([UInt8]) throws -> Void) throws -> Void) throws {
        let conn = try connection()
        let r = try run(sql, [], expecting: PGRES_COPY_IN)
        PQclear(r)
        do {
            try produce { bytes in
                let ok = bytes.withUnsafeBufferPointer { b in
                    b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(conn, $0, Int32(b.count)) }
                }
                if ok != 1 { throw self.failure(nil) }
            }
        } catch {
            _ = PQputCopyEnd(conn, "stopped by chiso")
            drain()
            throw error
        }
        guard PQputCopyEnd(conn, nil) == 1 else { throw failure(nil) }
        let end = try wait()
        PQclear(end)
    }

    // MARK: - Catalog

    public func catalogColumns() throws -> [RemoteColumn] {
        let sql = """
            SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                   CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype
            WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname !~ '^pg_toast' AND n.nspname !~ '^pg_temp'
              AND has_table_privilege(c.oid, 'SELECT')
            ORDER BY n.nspname, c.relname, a.attnum
            """
        let r = try run(sql, [])
        defer { PQclear(r) }
        func text(_ row: Int32, _ f: Int32) -> String { String(cString: PQgetvalue(r, row, f)) }
        return (0..<PQntuples(r)).map { row in
            RemoteColumn(schema: text(row, 0), table: text(row, 1), column: text(row, 2), typeText: text(row, 3), typeName: text(row, 4))
        }
    }

    // MARK: - The wire

    /// Sends one statement with its parameters and waits for its result, cancelling it on the
    /// server when Ctrl-C is pressed meanwhile.
    private func run(_ sql: String, _ parameters: [Value], expecting: ExecStatusType? = nil) throws -> OpaquePointer {
        let conn = try connection()
        let encoded = try parameters.map(Self.encode)
        var types = encoded.map(\.oid)
        let cStrings: [UnsafeMutablePointer<CChar>?] = encoded.map { e in e.text.flatMap { strdup($0) } }
        defer { for p in cStrings { free(p) } }
        var values: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } }
        let sent = values.withUnsafeMutableBufferPointer { v in
            types.withUnsafeMutableBufferPointer { t in
                PQsendQueryParams(conn, sql, Int32(parameters.count), t.baseAddress, v.baseAddress, nil, nil, 0)
            }
        }
        guard sent == 1 else { throw failure(nil) }
        let r = try wait()
        let status = PQresultStatus(r)
        if let expecting, status == expecting { return r }
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            defer { PQclear(r) }
            throw failure(r)
        }
        return r
    }

    /// Waits for the current statement's result (the last one it gives), polling the socket
    /// so an interrupt can cancel it.
    private func wait() throws -> OpaquePointer {
        let conn = try connection()
        var cancelled = false
        while PQisBusy(conn) == 1 {
            var fds = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
            _ = poll(&fds, 1, 100)
            if Interrupt.requested && !cancelled {
                cancelled = true
                if let cancel = PQgetCancel(conn) {
                    var buffer = [CChar](repeating: 0, count: 256)
                    _ = PQcancel(cancel, &buffer, 256)
                    PQfreeCancel(cancel)
                }
            }
            if PQconsumeInput(conn) == 0 { throw failure(nil) }
        }
        var result: OpaquePointer? = nil
        while let r = PQgetResult(conn) {
            let status = PQresultStatus(r)
            // COPY IN hands over its result at once; the caller sends the data.
            if status == PGRES_COPY_IN { if let result { PQclear(result) }; return r }
            if let result, PQresultStatus(result) == PGRES_FATAL_ERROR { PQclear(r); continue }
            if let result { PQclear(result) }
            result = r
        }
        guard let result else { throw failure(nil) }
        if cancelled && PQresultStatus(result) == PGRES_FATAL_ERROR {
            PQclear(result)
            throw Diagnostic(.runtime, "interrupted", hint: "the server stopped the query; nothing changed")
        }
        return result
    }

    private func drain() {
        guard let conn else { return }
        while let r = PQgetResult(conn) { PQclear(r) }
    }

    /// The server's message (and hint) as a diagnostic; a lost connection says so.
    private func failure(_ r: OpaquePointer?) -> Diagnostic {
        if let conn, PQstatus(conn) == CONNECTION_BAD {
            let message = r.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) } ?? String(cString: PQerrorMessage(conn))
            return Diagnostic(.io, "the connection to PostgreSQL was lost: " + Self.clean(message), hint: "detach the database and attach it again")
        }
        if let r, let primary = PQresultErrorField(r, Int32(UInt8(ascii: "M"))) {
            let hint = PQresultErrorField(r, Int32(UInt8(ascii: "H"))).map { String(cString: $0) }
            let detail = PQresultErrorField(r, Int32(UInt8(ascii: "D"))).map { String(cString: $0) }
            return Diagnostic(.runtime, "PostgreSQL: " + String(cString: primary) + (detail.map { " (\($0))" } ?? ""), hint: hint)
        }
        let message = conn.map { String(cString: PQerrorMessage($0)) } ?? "the connection is closed"
        return Diagnostic(.runtime, "PostgreSQL: " + Self.clean(message))
    }

    private static func clean(_ message: String) -> String {
        message.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "; ")
    }

    /// A parameter's type and text (nil text: null). Floats in full precision.
    static func encode(_ v: Value) throws -> (oid: Oid, text: String?) {
        switch v {
        case .null: return (25, nil)
        case .int(let x): return (20, String(x))
        case .float(let x):
            return (701, x.isNaN ? "NaN" : x.isInfinite ? (x < 0 ? "-Infinity" : "Infinity") : "\(x)")
        case .bool(let b): return (16, b ? "t" : "f")
        case .date(let d): return (1082, CivilDate.format(d))
        case .text(let s):
            guard !s.utf8.contains(0) else {
                throw Diagnostic(.data, "text holding a NUL byte cannot be sent to PostgreSQL", hint: "PostgreSQL text cannot hold NUL; replace(x, …) it first")
            }
            return (25, s)
        }
    }
}
