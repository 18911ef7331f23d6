extension String {
    /// This path without its extension (after the last "." of the last component, not a leading
    /// one): "data/ket qua.csv" → "data/ket qua". By hand: Foundation's `deletingPathExtension`
    /// traps on some strings (the statement fuzzer found one with a NUL and a combining mark),
    /// and every path a user writes passes through here.
    var droppingPathExtension: String {
        let name = lastIndex(of: "/").map { index(after: $0) } ?? startIndex
        if let dot = self[name...].lastIndex(of: "."), dot > name { return String(self[..<dot]) }
        return self
    }

    /// The last component of this path (after the last "/").
    var lastPathPart: String {
        lastIndex(of: "/").map { String(self[index(after: $0)...]) } ?? self
    }
}
