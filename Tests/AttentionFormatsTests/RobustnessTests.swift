import Foundation
import Testing
import Attention
@testable import AttentionFormats

/// Readers survive hostile input: every prefix of real files, random byte flips and random
/// noise, read as every format, either load or throw a one-line `FormatError` naming the file;
/// never a crash, hang or oversized allocation.
@Suite struct RobustnessTests {
    static let fixtures = [
        "base_f2_be_F_v2.npy", "base_f4_le_C_v1.npy", "stored.npz", "deflated.npz", "dtypes.safetensors",
        "bf16.safetensors", "gperes.json", "document.json", "gperes.csv", "gperes.tsv",
    ]

    /// Reads `bytes` saved as `name`, with the format forced or sniffed; returns the error if any.
    static func attempt(_ bytes: [UInt8], in dir: URL, name: String, format: AttentionFileFormat?) throws -> FormatError? {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            let data = try AttentionFile.read(path: path, options: .init(format: format, tensorName: tensorName(for: name)))
            // Whatever loaded must be readable.
            _ = try data.tensor.matrix(layer: 0, head: 0)
            return nil
        } catch let error as FormatError {
            #expect(error.path == path)
            #expect(!error.problem.contains("\n"), "\(error.problem)")
            #expect(!error.problem.isEmpty)
            return error
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    static func tensorName(for name: String) -> String? {
        ["dtypes.safetensors": "f32", "deflated.npz": "first"][name]
    }

    @Test(arguments: fixtures)
    func everyPrefixLoadsOrFailsCleanly(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ext = String(name.split(separator: ".").last ?? "")
        let step = max(1, bytes.count / 400)
        var failures = 0
        for length in stride(from: 0, to: bytes.count, by: step) {
            if try Self.attempt(Array(bytes.prefix(length)), in: dir, name: "cut." + ext, format: nil) != nil { failures += 1 }
        }
        // Binary formats reject every strict prefix.
        if ["npy", "npz", "safetensors"].contains(ext) {
            #expect(failures == (bytes.count + step - 1) / step)
        }
    }

    @Test(arguments: fixtures)
    func randomByteFlipsLoadOrFailCleanly(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name))))
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ext = String(name.split(separator: ".").last ?? "")
        var generator = SplitMix64(seed: UInt64(bytes.count))
        for _ in 0..<150 {
            var mutated = bytes
            for _ in 0...Int(generator.next() % 4) {
                let position = Int(generator.next() % UInt64(mutated.count))
                mutated[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            _ = try Self.attempt(mutated, in: dir, name: "flip." + ext, format: nil)
        }
    }

    @Test(arguments: AttentionFileFormat.allCases)
    func randomNoiseFailsCleanlyInEveryFormat(_ format: AttentionFileFormat) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var generator = SplitMix64(seed: 7)
        for size in [0, 1, 7, 8, 9, 16, 64, 200, 1000, 5000] {
            let noise = (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let error = try Self.attempt(noise, in: dir, name: "noise.dat", format: format)
            #expect(error != nil, "noise of \(size) bytes read as \(format)")
        }
    }
}

/// A small seeded generator so fuzz cases are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
