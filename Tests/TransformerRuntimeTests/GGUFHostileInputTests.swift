import Foundation
import Testing
@testable import TransformerRuntime

/// Broken and hostile GGUF files: each is one `RuntimeError.file` naming the file with a one-line
/// problem, found before anything is allocated from the bad number; never a crash.
struct GGUFHostileInputTests {
    /// Opens `builder`'s bytes and returns the problem, recording an issue when the file opens
    /// or the error is not one line about that file.
    @discardableResult
    static func problem(_ builder: GGUFBuilder, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = try builder.write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try GGUFFile(path: path)
            Issue.record("opened a bad file", sourceLocation: sourceLocation)
            return ""
        } catch {
            guard case .file(let errorPath, let problem) = error else {
                Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
                return ""
            }
            #expect(errorPath == path, sourceLocation: sourceLocation)
            #expect(!problem.contains("\n") && !problem.isEmpty, sourceLocation: sourceLocation)
            return problem
        }
    }

    /// A valid file with `f32` tensors of `counts` floats placed at `offsets`.
    static func f32File(_ tensors: [(name: String, count: UInt64, offset: UInt64)], dataBytes: Int) -> GGUFBuilder {
        var b = GGUFBuilder(tensors: UInt64(tensors.count), entries: 0)
        for t in tensors { b.tensorInfo(t.name, dimensions: [t.count], type: 0, offset: t.offset) }
        b.padData()
        b.zeros(dataBytes)
        return b
    }

    @Test func aValidHandMadeFileOpens() throws {
        let path = try Self.f32File([("a", 8, 0), ("b", 8, 32)], dataBytes: 64).write()
        let file = try GGUFFile(path: path)
        #expect(file.tensors.map(\.name) == ["a", "b"])
        #expect(file.alignment == 32)
        #expect(try file.floats(file.tensors[1]) == Array(repeating: 0, count: 8))
    }

    /// Version 2 has version 3's layout (3 only added big-endian files); both open.
    @Test func version2Opens() throws {
        var b = GGUFBuilder(version: 2, tensors: 1, entries: 1)
        b.entry("general.architecture", type: 8)
        b.string("llama")
        b.tensorInfo("w", dimensions: [32], type: GGMLType.q8_0.rawValue, offset: 0)
        b.padData()
        b.bytes += [0x00, 0x3C] + (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) }
        let file = try GGUFFile(path: b.write())
        #expect(file.version == 2 && file.architecture == "llama")
        #expect(try file.floats(file.tensors[0]) == (0..<32).map { Float($0 - 16) })
    }

    /// String values that are not UTF-8 keep their place with U+FFFD (keys must be valid).
    @Test func invalidUTF8ValuesAreRepaired() throws {
        var b = GGUFBuilder(tensors: 0, entries: 1)
        b.entry("tokenizer.ggml.tokens", type: 9)
        b.u32(8)
        b.u64(2)
        b.string("ok")
        b.u64(3)
        b.bytes += [0x61, 0xFF, 0x62]
        let file = try GGUFFile(path: b.write())
        #expect(file.metadata["tokenizer.ggml.tokens"]?.strings == ["ok", "a\u{FFFD}b"])
    }

    @Test func everyTruncationOfTheFixtureIsAnError() throws {
        let path = Fixtures.path("gguf/types.gguf")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // The writer pads after the last tensor; prefixes that keep every tensor byte are valid.
        let end = try #require(GGUFFile(path: path).tensors.map(\.byteRange.upperBound).max())
        // Every prefix through the header and the first tensor, then every 7th (debug builds are slow).
        let header = try GGUFFile(path: path).dataStart + 256
        var problems = Set<String>()
        for length in stride(from: 0, to: bytes.count, by: 1) where length < header || length % 7 == 0 || length == end - 1 {
            bytes.withUnsafeBytes { all in
                do throws(RuntimeError) {
                    _ = try GGUFParser.parse(UnsafeRawBufferPointer(rebasing: all[0..<length]), path: path)
                    if length < end { Issue.record("a \(length)-byte prefix parsed") }
                } catch {
                    if case .file(let p, let problem) = error, p == path, !problem.contains("\n") {
                        problems.insert(String(problem.prefix(9)))
                    } else {
                        Issue.record("prefix \(length): \(error)")
                    }
                }
            }
        }
        // Through the file system too, for a few lengths.
        for length in [0, 3, 4, 23, 24, 100, 2111, end - 1] {
            var b = GGUFBuilder(tensors: 0, entries: 0)
            b.bytes = Array(bytes[0..<length])
            try Self.problem(b)
        }
        #expect(problems.contains("truncated"))
    }

    @Test func headerProblems() throws {
        #expect(try Self.problem(GGUFBuilder(magic: Array("GGML".utf8), tensors: 0, entries: 0)).contains("not a GGUF file"))
        #expect(try Self.problem(GGUFBuilder(version: 1, tensors: 0, entries: 0)).contains("version 1 is not supported"))
        #expect(try Self.problem(GGUFBuilder(version: 4, tensors: 0, entries: 0)).contains("unsupported GGUF version 4"))
        #expect(try Self.problem(GGUFBuilder(version: UInt32(3).byteSwapped, tensors: 0, entries: 0)).contains("big-endian"))
    }

    @Test func hugeCountsAreRefusedBeforeAllocating() throws {
        var entries = GGUFBuilder(tensors: 0, entries: .max)
        entries.zeros(100)
        #expect(try Self.problem(entries).contains("declares 18446744073709551615 metadata entries"))
        var tensors = GGUFBuilder(tensors: 1 << 40, entries: 0)
        tensors.zeros(100)
        #expect(try Self.problem(tensors).contains("tensors but the 100 bytes"))
    }

    @Test func hugeStringAndArrayLengths() throws {
        var key = GGUFBuilder(tensors: 0, entries: 1)
        key.u64(.max)
        key.zeros(20)
        #expect(try Self.problem(key).contains("declares 18446744073709551615 bytes"))

        var value = GGUFBuilder(tensors: 0, entries: 1)
        value.entry("k", type: 8)
        value.u64(1 << 62)
        value.zeros(20)
        #expect(try Self.problem(value).contains("declares 4611686018427387904 bytes"))

        var array = GGUFBuilder(tensors: 0, entries: 1)
        array.entry("tokenizer.ggml.tokens", type: 9)
        array.u32(8)
        array.u64(1 << 50)
        array.zeros(64)
        let problem = try Self.problem(array)
        #expect(problem.contains("declares 1125899906842624 string elements"))
        #expect(problem.contains("tokenizer.ggml.tokens"))

        var strings = GGUFBuilder(tensors: 0, entries: 1)
        strings.entry("t", type: 9)
        strings.u32(8)
        strings.u64(3)
        strings.string("ok")
        strings.u64(1 << 40)
        strings.zeros(10)
        #expect(try Self.problem(strings).contains("element 1 of metadata t"))
    }

    @Test func nestingDeeperThanTheLimit() throws {
        var b = GGUFBuilder(tensors: 0, entries: 1)
        b.entry("deep", type: 9)
        for _ in 0..<100_000 {
            b.u32(9)
            b.u64(1)
        }
        b.u32(0)
        b.u64(0)
        #expect(try Self.problem(b).contains("nests arrays more than \(GGUFParser.maximumArrayDepth) deep"))

        // Exactly the limit is fine.
        var ok = GGUFBuilder(tensors: 0, entries: 1)
        ok.entry("deep", type: 9)
        for _ in 0..<(GGUFParser.maximumArrayDepth - 1) {
            ok.u32(9)
            ok.u64(1)
        }
        ok.u32(4)
        ok.u64(1)
        ok.u32(7)
        var value = try #require(try GGUFFile(path: ok.write()).metadata["deep"]?.array)
        for _ in 0..<(GGUFParser.maximumArrayDepth - 1) { value = try #require(value.arrays?.first) }
        #expect(value == .uint32([7]))
    }

    @Test func metadataProblems() throws {
        var type = GGUFBuilder(tensors: 0, entries: 1)
        type.entry("k", type: 13)
        type.zeros(8)
        #expect(try Self.problem(type).contains("metadata k has unknown value type 13"))

        var element = GGUFBuilder(tensors: 0, entries: 1)
        element.entry("k", type: 9)
        element.u32(77)
        element.u64(0)
        #expect(try Self.problem(element).contains("array of unknown value type 77"))

        var twice = GGUFBuilder(tensors: 0, entries: 2)
        twice.entry("k", type: 0); twice.u8(1)
        twice.entry("k", type: 0); twice.u8(2)
        #expect(try Self.problem(twice).contains("metadata key k appears twice"))

        var badKey = GGUFBuilder(tensors: 0, entries: 1)
        badKey.u64(2)
        badKey.bytes += [0xFF, 0xFE]
        badKey.u32(0); badKey.u8(0)
        #expect(try Self.problem(badKey).contains("not valid UTF-8"))

        var newline = GGUFBuilder(tensors: 0, entries: 2)
        newline.entry("a\nb", type: 0); newline.u8(1)
        newline.entry("a\nb", type: 0); newline.u8(1)
        #expect(try Self.problem(newline).contains("a\\u{a}b"))

        for (bad, label) in [(UInt32(48), "48"), (0, "0")] {
            var alignment = GGUFBuilder(tensors: 0, entries: 1)
            alignment.entry("general.alignment", type: 4)
            alignment.u32(bad)
            #expect(try Self.problem(alignment).contains("general.alignment must be a uint32 power of two"), "\(label)")
        }
        var wrongType = GGUFBuilder(tensors: 0, entries: 1)
        wrongType.entry("general.alignment", type: 10)
        wrongType.u64(32)
        #expect(try Self.problem(wrongType).contains("general.alignment"))
    }

    @Test func tensorPlacementProblems() throws {
        // Offset past the end of the file
        #expect(try Self.problem(Self.f32File([("w", 8, 1 << 20)], dataBytes: 32)).contains("run past the end of the file"))
        #expect(try Self.problem(Self.f32File([("w", 8, UInt64.max - 31)], dataBytes: 32)).contains("run past the end"))
        // Data running past the end
        #expect(try Self.problem(Self.f32File([("w", 16, 0)], dataBytes: 32)).contains("run past the end"))
        // Overlap
        let overlap = try Self.problem(Self.f32File([("a", 16, 0), ("b", 8, 32)], dataBytes: 128))
        #expect(overlap.contains("tensors a (bytes") && overlap.contains("overlap"))
        // Misaligned
        #expect(try Self.problem(Self.f32File([("w", 8, 4)], dataBytes: 64)).contains("not a multiple of the file's alignment 32"))
        // Duplicate names
        #expect(try Self.problem(Self.f32File([("w", 8, 0), ("w", 8, 32)], dataBytes: 64)).contains("tensor name w appears twice"))
        // Data section start past the end
        var noData = GGUFBuilder(tensors: 1, entries: 0)
        noData.tensorInfo("w", dimensions: [1], type: 0, offset: 0)
        #expect(try Self.problem(noData).contains("past the end of the file"))
    }

    @Test func absurdDimensionsAndTypes() throws {
        func file(dimensions: [UInt64], type: UInt32 = 0) -> GGUFBuilder {
            var b = GGUFBuilder(tensors: 1, entries: 0)
            b.tensorInfo("w", dimensions: dimensions, type: type, offset: 0)
            b.padData()
            b.zeros(64)
            return b
        }
        #expect(try Self.problem(file(dimensions: [])).contains("0 dimensions"))
        #expect(try Self.problem(file(dimensions: [1, 1, 1, 1, 1])).contains("5 dimensions"))
        #expect(try Self.problem(file(dimensions: [4, 0])).contains("dimension 1 is 0"))
        #expect(try Self.problem(file(dimensions: [UInt64.max])).contains("dimension 0 is 18446744073709551615"))
        #expect(try Self.problem(file(dimensions: [1 << 32, 1 << 32, 1 << 32])).contains("more elements than fit"))
        #expect(try Self.problem(file(dimensions: [1 << 40, 1 << 20])).contains("run past the end"))
        #expect(try Self.problem(file(dimensions: [1 << 62])).contains("more bytes than fit"))
        #expect(try Self.problem(file(dimensions: [100], type: 12)).contains("not a whole number of Q4_K blocks of 256"))
        #expect(try Self.problem(file(dimensions: [8], type: 99)).contains("unknown ggml type id 99"))
        #expect(try Self.problem(file(dimensions: [8], type: 31)).contains("(Q4_0_4_4), which ggml has removed"))
    }

    @Test func unsupportedTypesOpenButDoNotDequantize() throws {
        var b = GGUFBuilder(tensors: 1, entries: 0)
        b.tensorInfo("iq", dimensions: [256], type: GGMLType.iq2_XXS.rawValue, offset: 0)
        b.padData()
        b.zeros(GGMLType.iq2_XXS.bytesPerBlock)
        let path = try b.write()
        let file = try GGUFFile(path: path)
        let tensor = try #require(file.tensor(named: "iq"))
        #expect(throws: RuntimeError.file(path: path, problem: "tensor iq has type IQ2_XXS, which attnviz cannot dequantize (it reads F32, F16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, BF16)")) {
            try file.floats(tensor)
        }
    }

    @Test func missingFileAndDirectory() throws {
        #expect(throws: RuntimeError.file(path: "/nonexistent/x.gguf", problem: "No such file or directory")) {
            try GGUFFile(path: "/nonexistent/x.gguf")
        }
        #expect(throws: RuntimeError.self) { try GGUFFile(path: NSTemporaryDirectory()) }
    }

    /// Seeded random corruption of the fixture's header bytes: every result is either a file
    /// that opens (and then dequantizes without crashing) or one error about that file.
    @Test func randomCorruptionNeverCrashes() throws {
        let path = Fixtures.path("gguf/types.gguf")
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let header = try GGUFFile(path: path).dataStart
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        var opened = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<(1 + next() % 4) {
                bytes[next() % header] = UInt8(truncatingIfNeeded: next())
            }
            bytes.withUnsafeBytes { raw in
                do throws(RuntimeError) {
                    let parsed = try GGUFParser.parse(raw, path: path)
                    opened += 1
                    for tensor in parsed.tensors where tensor.type.canDequantize {
                        var out = [Float](repeating: 0, count: tensor.elementCount)
                        out.withUnsafeMutableBufferPointer { buffer in
                            GGUFFile.dequantize(tensor.type, blocks: tensor.elementCount / tensor.type.blockSize,
                                                from: raw.baseAddress! + tensor.byteRange.lowerBound, into: buffer.baseAddress!)
                        }
                    }
                } catch {
                    if case .file(let p, let problem) = error, p == path, !problem.contains("\n") { return }
                    Issue.record("\(error)")
                }
            }
        }
        #expect(opened > 0)
    }
}
