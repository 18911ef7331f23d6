#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text of a system error number in English, whatever LC_MESSAGES says: chiso's own
/// messages are English, and a message must not change with the process locale (the test suite
/// runs under de_DE and vi_VN to hold it to that).
enum SystemError {
    static func text(_ code: Int32) -> String {
        guard let c = newlocale(Int32(1) << LC_MESSAGES, "C", nil) else { return String(cString: strerror(code)) }
        defer { freelocale(c) }
        return String(cString: strerror_l(code, c))
    }
}
