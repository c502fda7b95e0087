// CSV and TSV attention tables: UTF-8 check, RFC 4180 splitting, numbers, as
// DelimitedText.read does for a path, in memory, with both separators.
import Attention
import AttentionFormats
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    for separator: Character in [",", "\t"] {
        if var read = try? DelimitedText.parse(text, separator: separator, path: "fuzz.csv") {
            _ = try? AttentionFile.validate(&read, path: "fuzz.csv", allowNonFinite: false)
            _ = read.tensor.allValues().count
        }
    }
    return 0
}
