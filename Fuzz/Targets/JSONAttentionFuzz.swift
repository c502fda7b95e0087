// JSON attention files: JSONParser, then the three layouts (document, dict of dicts, nested
// arrays) and validation, exactly as AttentionFile.read does for a .json path, in memory.
import Attention
import AttentionFormats
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    guard let value = try? JSONParser.parse(bytes: bytes) else { return 0 }
    if var read = try? JSONAttention.data(from: value, path: "fuzz.json") {
        _ = try? AttentionFile.validate(&read, path: "fuzz.json", allowNonFinite: false)
        _ = read.tensor.allValues().count
        _ = (read.queryLabels, read.keyLabels)
    }
    return 0
}
