// .npy: the header (PythonLiteralParser), the in-memory decoders an .npz member goes through
// (Npy.decode, Npy.decodeStrings) and the memory-mapped reader a user's .npy goes through
// (AttentionFile.read → Npy.read → NpyHeader, then every value read back).
import Attention
import AttentionFormats
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    _ = try? NpyHeader(parsing: bytes, path: "fuzz.npy")
    let owned = Data(bytes)
    if let tensor = try? Npy.decode(owned, path: "fuzz.npy") { _ = tensor.allValues().count }
    _ = try? Npy.decodeStrings(owned, path: "fuzz.npy")

    let path = FuzzFiles.write(data, size, name: "input.npy")
    for allowNonFinite in [false, true] {
        if let read = try? AttentionFile.read(path: path, options: .init(format: .npy, allowNonFinite: allowNonFinite)) {
            _ = read.tensor.allValues().count
        }
    }
    return 0
}
