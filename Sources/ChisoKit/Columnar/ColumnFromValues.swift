/// A column from boxed values, for readers of small, self-describing files (JSON records)
/// where values arrive one by one with their own types. Hot paths build typed buffers instead.
extension Column {
    /// Values that do not fit `type` must have been converted by the caller; a null is null.
    static func from(_ values: [Value], as type: DataType) -> Column {
        let valid = Validity.from(count: values.count) { !values[$0].isNull }
        switch type {
        case .int:
            return Column(.int(values.map { if case .int(let x) = $0 { return x } else { return 0 } }), validity: valid)
        case .float:
            return Column(.float(values.map {
                switch $0 { case .float(let x): return x; case .int(let x): return Double(x); default: return 0 }
            }), validity: valid)
        case .bool:
            return Column(.bool(values.map { if case .bool(let x) = $0 { return x } else { return false } }), validity: valid)
        case .date:
            return Column(.date(values.map { if case .date(let x) = $0 { return x } else { return 0 } }), validity: valid)
        case .text:
            var b = TextDictionaryBuilder(capacity: 64)
            let empty = b.intern("")
            let codes = values.map { v -> Int32 in
                if case .null = v { return empty }
                if case .text(let s) = v { return b.intern(s) }
                return b.intern(v.description)
            }
            return Column(.text(codes: codes, dictionary: b.build()), validity: valid)
        case .null:
            return Column(.null(count: values.count))
        }
    }
}
