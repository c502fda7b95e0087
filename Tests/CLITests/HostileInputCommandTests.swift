import Foundation
import Testing
import TestSupport
import Attention

/// Hostile files through the built binary (issue "Hostile inputs"): what crashed now fails with
/// one line, decompression bombs cost what their shape declares and no more, and nothing from a
/// file (keys, cells, dtypes, tensor names) reaches the terminal unescaped.
@Suite(.hangGuard) struct HostileInputCommandTests {
    static let hostile = AttnvizProcess.packageRoot.appendingPathComponent("Fuzz/regressions")

    static func fixture(_ name: String) -> String { hostile.appendingPathComponent(name).path }

    /// Asserts `result` is exit 1, nothing on stdout, exactly one stderr line starting with
    /// `attnviz: PATH: ` and free of raw control, bidi and separator characters.
    static func expectOneCleanLine(_ result: AttnvizProcess.Result, path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("attnviz: \(path): "), "\(result.stderr)", sourceLocation: sourceLocation)
        let body = result.stderr.dropLast()
        #expect(result.stderr.hasSuffix("\n") && !body.contains("\n"), "one line expected: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(!body.unicodeScalars.contains { DisplaySafe.needsEscape($0) }, "raw control in \(result.stderr.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        ("NpzFuzz/tokens-negative-count-U5.npz", "member \"tokens\": negative dimension in shape [-3]"),
        ("NpzFuzz/tokens-negative-count-i8.npz", "member \"tokens\": negative dimension in shape [-3]"),
        ("NpyHeaderFuzz/shape-nested-parens-100k.npy", "malformed header: shape must hold integers, found '('"),
    ])
    func crashingFilesFailWithOneLineInEveryCommand(_ name: String, _ problem: String) throws {
        let path = Self.fixture(name)
        let out = try AttnvizProcess.temporaryDirectory().appendingPathComponent("x.png").path
        for arguments in [["info", path], ["heatmap", path, "-o", out], ["explore", path, "-o", out + ".html"]] {
            let result = try AttnvizProcess.run(arguments)
            Self.expectOneCleanLine(result, path: path)
            #expect(result.stderr == "attnviz: \(path): \(problem)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: out + ".html"))
    }

    @Test func aHugeFirstRowFollowedByEmptyRowsIsAnErrorNotAnAllocation() throws {
        // The shape was sized from the first row: 100,000 x 100,000 floats (40 GB) reserved for a
        // 500 KB file, and the process died. Both JSON forms, and their messages.
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 100_000
        let nested = "[[" + Array(repeating: "0", count: n).joined(separator: ",") + "]" + String(repeating: ",[]", count: n) + "]"
        let dict = "{\"a\":{" + (0..<n).map { "\"k\($0)\":0" }.joined(separator: ",") + "}" + String(repeating: ",\"b\":{}", count: n) + "}"
        for (name, text, problem) in [
            ("ragged.json", nested, "ragged rows: [1] has 0 elements, expected 100000 like the first"),
            ("rows.json", dict, "row \"b\" has different keys than row \"a\": missing \"k0\", \"k1\", \"k2\""),
        ] {
            let path = dir.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try AttnvizProcess.run(["info", path], environment: ["SWIFT_BACKTRACE": "enable=no"])
            Self.expectOneCleanLine(result, path: path)
            #expect(result.stderr == "attnviz: \(path): \(problem)\n")
        }
    }

    @Test func memoryLimitRefusesWhatCannotBeHeldBeforeAllocating() throws {
        // 64 GiB declared, 16 bytes stored: the default limit (half this machine's memory) says so.
        let huge = Self.fixture("NpzFuzz/declares-64GiB.npz")
        let result = try AttnvizProcess.run(["info", huge], environment: ["SWIFT_BACKTRACE": "enable=no"])
        Self.expectOneCleanLine(result, path: huge)
        #expect(result.stderr.contains("member \"attention\": shape [17179869184] '<f4' needs 68719476736 bytes in memory, more than the "), "\(result.stderr)")
        // --memory-limit-mb sets it: the 64 MiB honest member fits 100 MiB, not 32.
        let zeros = Self.fixture("NpzFuzz/bomb-zeros-64MiB.npz")
        #expect(try AttnvizProcess.run(["info", zeros, "--memory-limit-mb", "100"]).status == 0)
        let refused = try AttnvizProcess.run(["info", zeros, "--memory-limit-mb", "32"])
        Self.expectOneCleanLine(refused, path: zeros)
        #expect(refused.stderr.hasSuffix("needs 67108864 bytes in memory, more than the 33554432-byte limit\n"), "\(refused.stderr)")
    }

    @Test func zipDirectoryPastTheFileIsAnErrorNotATrap() throws {
        // A 147-byte archive whose ZIP64 directory offset passes Int64.max trapped inside ZIPFoundation.
        let path = Self.fixture("NpzFuzz/zipfoundation-cd-offset-over-int64-max.npz")
        let result = try AttnvizProcess.run(["info", path], environment: ["SWIFT_BACKTRACE": "enable=no"])
        Self.expectOneCleanLine(result, path: path)
        #expect(result.stderr.contains("not a readable .npz (zip) archive: central directory at"), "\(result.stderr)")
    }

    @Test func trailingBytesBombIsReadWithinAFewMegabytes() throws {
        // 16 bytes of data then 64 MiB of zeros: only the declared 16 bytes are inflated.
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("info.txt").path
        let (status, peakKB) = try HugeFileTests.runMeasuringPeakRSS(["info", Self.fixture("NpzFuzz/bomb-trailing-64MiB.npz")], stdoutPath: out)
        #expect(status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("min 0.25, max 0.75"))
        #expect(peakKB < 60 * 1024, "peak RSS \(peakKB) KB for a 16-byte array")
    }

    @Test func honestLargeMemberCostsOneCopyOfItsValues() throws {
        // 64 MiB of float32 zeros, deflated to 64 KB: inflated straight into the tensor, so the
        // peak is one 64 MiB copy plus the process, not the raw bytes and the floats side by side.
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("info.txt").path
        let (status, peakKB) = try HugeFileTests.runMeasuringPeakRSS(["info", Self.fixture("NpzFuzz/bomb-zeros-64MiB.npz")], stdoutPath: out)
        #expect(status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("[16, 16, 256, 256]"))
        #expect(peakKB > 64 * 1024, "the values must pass through memory: \(peakKB) KB")
        #expect(peakKB < 64 * 1024 + 60 * 1024, "peak RSS \(peakKB) KB for 64 MiB of values")
    }

    /// Files whose content lands in an error message: keys, cells, dtypes, tensor names holding a
    /// newline with a forged second line, an ESC clear-screen, an OSC-8 hyperlink and bidi overrides.
    static let forged = "x\nattnviz: forged\u{1b}[2J\u{1b}]8;;http://evil\u{7}y\u{202e}z\u{2066}\u{2028}"

    @Test func fileContentInErrorLinesIsEscaped() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = Self.forged.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\u{1b}", with: "\\u001b")
            .replacingOccurrences(of: "\u{7}", with: "\\u0007").replacingOccurrences(of: "\u{202e}", with: "\\u202e")
            .replacingOccurrences(of: "\u{2066}", with: "\\u2066").replacingOccurrences(of: "\u{2028}", with: "\\u2028")
        let files: [(String, [UInt8], [String])] = [
            ("keys.json", Array(#"{"a": {"a": 1, "b": 0}, "b": {"a": 0, "\#(key)": 1}}"#.utf8), []),
            ("cells.csv", Array(",a,b\na,0.5,\(Self.forged.replacingOccurrences(of: "\n", with: " "))\nb,0.5,0.5\n".utf8), []),
            ("descr.npy", BadInputTests.npy(descr: "<f4\u{1b}[2J\u{202e}", shape: "(1,)", data: [0, 0, 0, 0]), []),
            ("names.safetensors", BadInputTests.safetensors(
                header: #"{"\#(key)":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#, data: Array(repeating: 0, count: 8)), []),
        ]
        for (name, bytes, arguments) in files {
            let path = dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let result = try AttnvizProcess.run(["info", path] + arguments)
            Self.expectOneCleanLine(result, path: path)
            #expect(!result.stderr.contains("\nattnviz: forged"))
            #expect(result.stderr.contains("\\u{1b}") || result.stderr.contains("\\u{202e}"), "\(name): \(result.stderr)")
        }
    }

    @Test func infoPrintsTensorAndMemberNamesEscaped() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = Self.forged.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\u{1b}", with: "\\u001b")
            .replacingOccurrences(of: "\u{7}", with: "\\u0007")
        let path = dir.appendingPathComponent("names.safetensors").path
        let header = #"{"attention":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"\#(key)":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        try Data(BadInputTests.safetensors(header: header, data: BadInputTests.floats([1, 1]))).write(to: URL(fileURLWithPath: path))
        let result = try AttnvizProcess.run(["info", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.unicodeScalars.contains { $0 != "\n" && DisplaySafe.needsEscape($0) }, "\(result.stdout.debugDescription)")
        #expect(!result.stdout.contains("\nattnviz: forged"))
        #expect(result.stdout.contains(#"tensors: attention F32 [1, 1]; x\u{a}attnviz: forged\u{1b}[2J\u{1b}]8;;http://evil\u{7}y\u{202e}z"#), "\(result.stdout)")
    }
}
