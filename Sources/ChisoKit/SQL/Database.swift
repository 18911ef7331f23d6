/// What the SQL backend needs from a database connection. ChisoKit holds no C: the libpq
/// connection lives in the `PostgresClient` module, which the executable and the tests hand to
/// a session as a `DatabaseConnector`.
public protocol DatabaseConnection: AnyObject {
    /// The connection as it may be shown: host, port, database and user, never a password.
    var display: String { get }
    /// The columns of every table and view the user can see, from the server's catalog; no row
    /// is read.
    func catalogColumns() throws -> [RemoteColumn]
    /// Runs one query and streams its rows into typed columns (`types` says how each result
    /// column is read). Parameters are bound (`$1`, `$2`, …), never spliced into the text.
    /// Ctrl-C (`Interrupt`) cancels it on the server.
    func query(_ sql: String, _ parameters: [Value], names: [String], types: [DataType]) throws -> Table
    /// Runs a statement that returns no rows.
    func execute(_ sql: String, _ parameters: [Value]) throws
    /// `COPY … FROM STDIN`: `produce` hands over the data in pieces.
    func copyIn(_ sql: String, _ produce: (_ send: ([UInt8]) throws -> Void) throws -> Void) throws
    /// Bytes of row data received so far (for the benchmark and `explain`).
    var bytesReceived: Int { get }
    /// Whether the server can put text in NFC (`normalize(x, NFC)`: a UTF-8 database).
    var normalizesText: Bool { get }
    func close()
}

/// Opens a connection from a connection string (`postgresql://user@host/db`, or "" for the
/// standard `PG*` environment variables and `~/.pgpass`).
public typealias DatabaseConnector = @Sendable (String) throws -> any DatabaseConnection

/// One column of a remote table as the server's catalog describes it.
public struct RemoteColumn: Sendable {
    public var schema: String
    public var table: String
    public var column: String
    /// The type's name as PostgreSQL writes it (`integer`, `character varying(20)`, `timestamp with time zone`).
    public var typeText: String
    /// The base type's internal name (`int4`, `varchar`, `timestamptz`).
    public var typeName: String

    public init(schema: String, table: String, column: String, typeText: String, typeName: String) {
        self.schema = schema
        self.table = table
        self.column = column
        self.typeText = typeText
        self.typeName = typeName
    }

    /// chiso's type for a PostgreSQL type, or nil when chiso does not read it.
    public static func chisoType(_ typeName: String) -> DataType? {
        switch typeName {
        case "int2", "int4", "int8": return .int
        case "float4", "float8", "numeric": return .float
        case "text", "varchar", "bpchar", "name", "citext": return .text
        case "bool": return .bool
        case "date": return .date
        default: return nil
        }
    }

    /// The PostgreSQL type chiso writes for its own type (temporary uploads, `export pg.…`).
    public static func postgresType(_ t: DataType) -> String {
        switch t {
        case .int: return "bigint"
        case .float: return "double precision"
        case .text, .null: return "text"
        case .bool: return "boolean"
        case .date: return "date"
        }
    }
}

/// A catalog entry that lives in an attached database.
public struct RemoteTable: Sendable, Equatable {
    /// The attachment's name (`pg`).
    public var database: String
    public var schema: String
    public var table: String
    /// Columns chiso cannot read, with their PostgreSQL types (kept out of the schema; naming
    /// one is an error that says how to cast it).
    public var unreadable: [String: String]
    /// Each readable column's PostgreSQL type name (`int4`), for the scan's casts.
    public var types: [String: String]
    /// Text is read through `normalize(…, NFC)` (see `SQLRelation.scan`).
    public var normalizesText = false

    /// `"public"."persons"`, as SQL names it.
    public var sqlName: String { SQLText.identifier(schema) + "." + SQLText.identifier(table) }
}
