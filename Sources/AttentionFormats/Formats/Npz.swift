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
    private let fileSize: UInt64

    /// Opens the archive and lists its `.npy` members.
    public init(path: String) throws(FormatError) {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        try self.init(file: file, archive: { () throws in try Archive(url: URL(fileURLWithPath: path), accessMode: .read) })
    }

    /// Opens an archive held in memory (an upload); errors name `name`.
    public init(data: Data, name: String) throws(FormatError) {
        try self.init(file: MappedFile(data: data, path: name), archive: { () throws in try Archive(data: data, accessMode: .read) })
    }

    /// Checks `file`'s zip directory, then opens the archive with `open` (from its path or its
    /// bytes); errors name `file.path`.
    init(file: MappedFile, archive open: () throws -> Archive) throws(FormatError) {
        let path = file.path
        self.path = path
        fileSize = UInt64(file.count)
        try ZipDirectoryCheck.validate(file, path: path)
        do {
            archive = try open()
        } catch {
            throw .malformed(path: path, problem: "not a readable .npz (zip) archive: \(error)")
        }
        names = archive.filter { $0.type == .file && $0.path.hasSuffix(".npy") }.map { String($0.path.dropLast(4)) }
    }

    /// Inflates member `name` into `decoder` until it has every byte its `.npy` header asks for;
    /// nothing past that is read, so trailing data and decompression bombs cost nothing.
    private func decode(_ name: String, into decoder: inout NpyChunkedDecoder) throws(FormatError) {
        guard let entry = archive[name + ".npy"] ?? archive[name] else {
            throw .noSuchTensor(path: path, name: name, available: names, inArchive: true)
        }
        guard entry.compressedSize <= fileSize else {
            throw .truncated(path: path, detail: "member \"\(name)\" claims \(entry.compressedSize) bytes, the archive has \(fileSize)")
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
            throw .malformed(path: path, problem: "cannot extract member \"\(name)\": \(error)")
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

    /// Files `error` under `member`, unless it already names a member or the missing array.
    private static func naming(_ member: String, _ error: FormatError) -> FormatError {
        switch error {
        case .member, .noSuchTensor: return error
        default: return .member(name: member, error)
        }
    }

    /// Stops inflating once the decoder has every byte it needs.
    private struct HasEverything: Error {}
}
