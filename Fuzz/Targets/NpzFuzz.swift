// .npz: the zip container (ZIPFoundation), member size checks, then every member decoded as a
// float tensor and as token labels, and the whole archive read as a user's file would be.
import Attention
import AttentionFormats
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFiles.write(data, size, name: "input.npz")
    if let read = try? AttentionFile.read(path: path, options: .init(format: .npz)) {
        _ = read.tensor.allValues().count
    }
    if let archive = try? Npz(path: path) {
        for name in archive.names.prefix(8) {
            if let tensor = try? archive.tensor(named: name) { _ = tensor.allValues().count }
            _ = try? archive.strings(named: name)
        }
    }
    return 0
}
