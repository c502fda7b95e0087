import Foundation
import ArgumentParser

/// A size given on the command line: a number with an optional unit, decimal (`40MB`, `500kB`,
/// `1.5GB`, `40M`) or binary (`40MiB`), or plain bytes (`1000000`).
///
/// ```swift
/// ByteSize(argument: "40MB")?.bytes    // 40_000_000
/// ```
struct ByteSize: ExpressibleByArgument, Equatable {
    /// The size in bytes.
    let bytes: Int

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        let digits = text.prefix { $0.isNumber || $0 == "." }
        let unit = text.dropFirst(digits.count).trimmingCharacters(in: .whitespaces).lowercased()
        let units: [String: Double] = ["": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9,
                                       "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824]
        guard let number = Double(digits), number.isFinite, number > 0, let scale = units[unit], number * scale < 1e15 else { return nil }
        bytes = Int(number * scale)
        guard bytes > 0 else { return nil }
    }

    static var defaultValueDescription: String { "40MB" }
}
