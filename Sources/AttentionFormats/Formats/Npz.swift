import Attention
import Foundation
import ZIPFoundation

/// NumPy `.npz` archives (`np.savez` stored members, `np.savez_compressed` deflated ones).
/// Members are decompressed into memory with their size checked first.
///
/// ```swift
/// let archive = try Npz(path: "run.npz")
/// archive.names                            // ["attention", "tokens"]
/// let tensor = try archive.tensor(named: "attention")
/// ```
public struct Npz {
    /// Largest deflate expansion ratio possible (deflate tops out near 1032:1).
    static let maximumDeflateRatio: UInt64 = 1100

    /// The archive's path.
    public let path: String
    /// Array names (member names without `.npy`) in archive order.
    public let names: [String]
    private let archive: Archive

    /// Opens the archive and lists its `.npy` members.
    public init(path: String) throws(FormatError) {
        self.path = path
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw FormatError(path: path, problem: "not a readable .npz (zip) archive: \(error)")
        }
        names = archive.filter { $0.type == .file && $0.path.hasSuffix(".npy") }.map { String($0.path.dropLast(4)) }
    }

    /// The uncompressed `.npy` bytes of member `name`.
    public func member(named name: String) throws(FormatError) -> Data {
        guard let entry = archive[name + ".npy"] ?? archive[name] else {
            throw FormatError(path: path, problem: "no array named \"\(name)\"; the archive has \(SafetensorsFile.list(names))")
        }
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? UInt64) ?? 0
        let claimed = entry.uncompressedSize
        let limit = entry.isCompressed ? entry.compressedSize.multipliedReportingOverflow(by: Self.maximumDeflateRatio).partialValue : entry.compressedSize
        guard entry.compressedSize <= fileSize else {
            throw FormatError(path: path, problem: "truncated: member \"\(name)\" claims \(entry.compressedSize) bytes, the archive has \(fileSize)")
        }
        guard claimed <= limit, claimed <= UInt64(Int.max / 2) else {
            throw FormatError(path: path, problem: "member \"\(name)\" claims \(claimed) bytes, more than its \(entry.compressedSize) stored bytes can hold")
        }
        var data = Data()
        data.reserveCapacity(Int(claimed))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard UInt64(data.count + chunk.count) <= claimed else { throw MemberTooLarge() }
                data.append(chunk)
            }
        } catch is MemberTooLarge {
            throw FormatError(path: path, problem: "member \"\(name)\" holds more data than its header claims")
        } catch {
            throw FormatError(path: path, problem: "cannot extract member \"\(name)\": \(error)")
        }
        return data
    }

    /// The array `name` as an in-memory tensor.
    public func tensor(named name: String) throws(FormatError) -> AttentionTensor {
        do { return try Npy.decode(member(named: name), path: path) }
        catch { throw Self.naming(name, error) }
    }

    /// The string array `name` (token labels saved with `np.savez(..., tokens=np.array(tokens))`).
    public func strings(named name: String) throws(FormatError) -> [String] {
        do { return try Npy.decodeStrings(member(named: name), path: path) }
        catch { throw Self.naming(name, error) }
    }

    /// Names of the members that hold token labels.
    public static let tokenMemberNames = ["tokens", "query_tokens", "key_tokens"]

    private static func naming(_ member: String, _ error: FormatError) -> FormatError {
        error.problem.hasPrefix("member \"") || error.problem.hasPrefix("no array named")
            ? error : FormatError(path: error.path, problem: "member \"\(member)\": \(error.problem)")
    }

    private struct MemberTooLarge: Error {}
}
