#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory sizes for `set memory_limit` and for messages.
public enum MemorySize {
    /// Half the machine's memory.
    public static let defaultLimit: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size / 2 : 4 << 30
    }()

    /// "4GB", "512MB", "2.5 GB", "1000000" (bytes) → bytes.
    public static func parse(_ text: String) -> Int? {
        let t = text.uppercased().replacingOccurrences(of: " ", with: "")
        for (suffix, factor) in [("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)] where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count)), v > 0 else { return nil }
            return Int(v * Double(factor))
        }
        return Int(t).flatMap { $0 > 0 ? $0 : nil }
    }

    public static func format(_ bytes: Double) -> String {
        for (suffix, factor) in [("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)] where bytes >= Double(factor) {
            return NumberFormat.fixed(bytes / Double(factor), decimals: 1) + " " + suffix
        }
        return "\(Int(bytes)) B"
    }
}
