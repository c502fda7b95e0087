// A GGUF file (GGUFFile: header, metadata of every value type, tensor table, alignment and
// placement checks), then every metadata accessor and each dequantizable tensor (whole and its
// first row) as floats, the way the model loader reads them.
import Foundation
import TransformerRuntime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFiles.write(data, size, name: "input.gguf")
    guard let file = try? GGUFFile(path: path) else { return 0 }
    for key in file.metadataKeys.prefix(64) {
        guard let value = file.metadata[key] else { continue }
        _ = (value.int, value.uint64, value.double, value.float, value.bool, value.string)
        _ = (value.strings?.count, value.floats?.count, value.ints?.count, value.array?.arrays?.count)
    }
    for tensor in file.tensors.prefix(16) where tensor.type.canDequantize {
        _ = try? file.floats(tensor).count
        _ = try? file.floats(tensor, rows: 0..<1).count
    }
    return 0
}
