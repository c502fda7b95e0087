import Attention
import Foundation
import ZIPFoundation

/// Writing NumPy `.npz` archives: each array a float32 `.npy` member, stored uncompressed as
/// `numpy.savez` does.
///
/// ```swift
/// try NpzWriter.write(["attention": tensor], to: "run.npz")   // np.load("run.npz")["attention"]
/// ```
public enum NpzWriter {
    /// The archive bytes of `arrays`, members in the order given, named `NAME.npy`.
    public static func encode(_ arrays: [(name: String, tensor: AttentionTensor)]) throws(FormatError) -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            for (name, tensor) in arrays {
                let bytes = Npy.encode(tensor)
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(bytes.count),
                                     compressionMethod: .none, provider: { position, size in
                    bytes.subdata(in: Int(position)..<(Int(position) + size))
                })
            }
            guard let data = archive.data else { throw FormatError.unwritable(path: "npz", reason: "the archive has no bytes") }
            return data
        } catch let error as FormatError {
            throw error
        } catch {
            throw .unwritable(path: "npz", reason: "\(error)")
        }
    }

    /// Writes the archive atomically.
    public static func write(_ arrays: [(name: String, tensor: AttentionTensor)], to path: String) throws(FormatError) {
        let data: Data
        do { data = try encode(arrays) } catch {
            if case .unwritable(_, let reason) = error { throw .unwritable(path: path, reason: reason) }
            throw error
        }
        try AtomicFile.write(data, to: path)
    }
}
