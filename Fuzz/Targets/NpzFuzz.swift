// .npz: the zip container (ZIPFoundation), member size checks, then every member decoded as a
// float tensor and as token labels, and the whole archive read as a user's file would be.
import Attention
import AttentionFormats
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFiles.write(data, size, name: "input.npz")
    // As the server reads uploads: within a memory budget (an honest 1 GiB member is refused).
    let budget = 256 << 20
    if let read = try? AttentionFile.read(path: path, options: .init(format: .npz, memoryLimit: budget)) {
        _ = read.tensor.allValues().count
    }
    if let archive = try? Npz(path: path) {
        for name in archive.names.prefix(8) {
            if let tensor = try? archive.tensor(named: name, budget: budget) { _ = tensor.allValues().count }
            _ = try? archive.strings(named: name, budget: budget)
        }
    }
    return 0
}
