import Attention
import Foundation
import ZIPFoundation

/// NumPy `.npz` archives (`np.savez` stored members, `np.savez_compressed` deflated ones).
/// Members are inflated only as far as their `.npy` header says they reach, straight into the
/// decoded values (see `NpyChunkedDecoder`), within an optional memory budget.
///
/// ```swift
/// let archive = try Npz(path: "run.npz")
/// archive.names                            // ["attention", "tokens"]
/// let tensor = try archive.tensor(named: "attention")
/// ```
public struct Npz {
    /// The archive's path.
    public let path: String
    /// Array names (member names without `.npy`) in archive order.
    public let names: [String]
    private let archive: Archive

    /// Opens the archive and lists its `.npy` members.
    public init(path: String) throws(FormatError) {
        self.path = path
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        try ZipDirectoryCheck.validate(file, path: path)
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw FormatError(path: path, problem: "not a readable .npz (zip) archive: \(error)")
        }
        names = archive.filter { $0.type == .file && $0.path.hasSuffix(".npy") }.map { String($0.path.dropLast(4)) }
    }

    /// Inflates member `name` into `decoder` until it has every byte its `.npy` header asks for;
    /// nothing past that is read, so trailing data and decompression bombs cost nothing.
    private func decode(_ name: String, into decoder: inout NpyChunkedDecoder) throws(FormatError) {
        guard let entry = archive[name + ".npy"] ?? archive[name] else {
            throw FormatError(path: path, problem: "no array named \"\(name)\"; the archive has \(SafetensorsFile.list(names))")
        }
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
        guard entry.compressedSize <= fileSize else {
            throw FormatError(path: path, problem: "truncated: member \"\(name)\" claims \(entry.compressedSize) bytes, the archive has \(fileSize)")
        }
        var failure: FormatError?
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: true) { chunk in
                let wantsMore: Bool
                do throws(FormatError) { wantsMore = try decoder.consume(chunk) } catch {
                    failure = error
                    throw error
                }
                if !wantsMore { throw HasEverything() }
            }
        } catch is HasEverything {
            return
        } catch {
            if let failure { throw failure }
            throw FormatError(path: path, problem: "cannot extract member \"\(name)\": \(error)")
        }
    }

    /// The array `name` as an in-memory tensor; `budget` caps the bytes its values may take.
    public func tensor(named name: String, budget: Int? = nil) throws(FormatError) -> AttentionTensor {
        var decoder = NpyChunkedDecoder(path: path, purpose: .tensor, budget: budget)
        do {
            try decode(name, into: &decoder)
            return try decoder.tensor()
        } catch { throw Self.naming(name, error) }
    }

    /// The string array `name` (token labels saved with `np.savez(..., tokens=np.array(tokens))`).
    public func strings(named name: String, budget: Int? = nil) throws(FormatError) -> [String] {
        var decoder = NpyChunkedDecoder(path: path, purpose: .labels, budget: budget)
        do {
            try decode(name, into: &decoder)
            return try Npy.decodeStrings(decoder.bytes(), path: path)
        } catch { throw Self.naming(name, error) }
    }

    /// Names of the members that hold token labels.
    public static let tokenMemberNames = ["tokens", "query_tokens", "key_tokens"]

    private static func naming(_ member: String, _ error: FormatError) -> FormatError {
        error.problem.hasPrefix("member \"") || error.problem.hasPrefix("no array named")
            ? error : FormatError(path: error.path, problem: "member \"\(member)\": \(error.problem)")
    }

    /// Stops inflating once the decoder has every byte it needs.
    private struct HasEverything: Error {}
}
