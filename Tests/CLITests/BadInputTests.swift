import Foundation
import Testing
import TestSupport
import Attention

/// Every kind of bad input gets one line `attnviz: FILE: problem` on stderr, exit status 1,
/// nothing on stdout, and no crash.
@Suite(.hangGuard) struct BadInputTests {
    /// One bad file: its name, its bytes, extra arguments, and a phrase the message must hold.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var arguments: [String] = []
        var phrase: String
        var testDescription: String { "\(name): \(phrase)" }
    }

    static func npy(descr: String = "<f4", shape: String, version: UInt8 = 1, headerLength: Int? = nil, data: [UInt8]) -> [UInt8] {
        var header = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }".utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        let length = headerLength ?? header.count
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
        if version == 1 {
            out += [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF)]
        } else {
            out += (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) }
        }
        return out + header + data
    }

    static func floats(_ values: [Float]) -> [UInt8] {
        values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    }

    static func safetensors(header: String, data: [UInt8], claimedLength: UInt64? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        let length = claimedLength ?? UInt64(h.count)
        return withUnsafeBytes(of: length.littleEndian) { Array($0) } + h + data
    }

    static let cases: [Case] = [
        Case(name: "truncated.npy", bytes: Array(npy(shape: "(4, 4)", data: floats(Array(repeating: 0.25, count: 16))).prefix(40)),
             phrase: "truncated"),
        Case(name: "short-data.npy", bytes: npy(shape: "(100, 100)", data: floats([0.5, 0.5, 0.5, 0.5])),
             phrase: "truncated: header claims [100, 100] <f4 = 40000 bytes of data, file holds 16"),
        Case(name: "short.safetensors",
             bytes: safetensors(header: #"{"attention":{"dtype":"F32","shape":[8,8],"data_offsets":[0,256]}}"#, data: floats([0.5, 0.5])),
             phrase: "truncated: tensor \"attention\" claims bytes 0..<256 of the data, the file holds 8"),
        Case(name: "ints.npy", bytes: npy(descr: "<i8", shape: "(2,)", data: Array(repeating: 0, count: 16)),
             phrase: "unsupported dtype '<i8'"),
        Case(name: "ints.safetensors",
             bytes: safetensors(header: #"{"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#, data: Array(repeating: 0, count: 16)),
             arguments: ["--tensor", "ids"], phrase: "unsupported dtype I64"),
        Case(name: "noise.bin", bytes: [0x00, 0xFF, 0x13, 0x37, 0x00, 0x01, 0x02, 0x03, 0x04, 0x00, 0x80],
             phrase: "unknown format"),
        Case(name: "ragged.json", bytes: Array("[[0.5, 0.5], [1.0]]".utf8), phrase: "ragged rows: [1] has 1 elements, expected 2"),
        Case(name: "ragged.csv", bytes: Array(",a,b\na,0.5,0.5\nb,1\n".utf8), phrase: "ragged rows: line 3 has 2 cells"),
        Case(name: "seed.json", bytes: Array(SeedExample.gperesJSON.utf8), arguments: ["--tokens", "武 汉"],
             phrase: "--tokens gives 2 tokens but the tensor has 7 queries and 7 keys"),
        Case(name: "doc.json", bytes: Array(#"{"tokens": ["a", "b", "c"], "attention": [[0.5, 0.5], [0.5, 0.5]]}"#.utf8),
             phrase: "3 query tokens given but the tensor has 2 queries"),
        Case(name: "nan.json", bytes: Array("[[0.5, NaN], [0.5, 0.5]]".utf8), phrase: "non-finite value nan at layer 0, head 0, query 0, key 1"),
        Case(name: "inf.npy", bytes: npy(shape: "(2, 2)", data: floats([0.5, 0.5, .infinity, 0])), phrase: "non-finite value inf"),
        Case(name: "empty.npy", bytes: npy(shape: "(0, 5)", data: []), phrase: "empty tensor"),
        Case(name: "empty.json", bytes: Array("{}".utf8), phrase: "empty tensor"),
        Case(name: "keys.json", bytes: Array(#"{"a": {"a": 1, "b": 0}, "b": {"a": 0, "c": 1}}"#.utf8),
             phrase: "row \"b\" has different keys than row \"a\": missing \"b\"; extra \"c\""),
        Case(name: "huge-header.npy", bytes: npy(shape: "(2,)", version: 2, headerLength: 0x7FFF_FFFF, data: floats([0, 1])),
             phrase: "header of 2147483647 bytes is larger than the 1048576-byte limit"),
        Case(name: "huge-header.safetensors", bytes: safetensors(header: "{}", data: [], claimedLength: 1 << 40),
             phrase: "header of 1099511627776 bytes is larger than the 104857600-byte limit"),
        Case(name: "bad.json", bytes: Array("{\"a\": [1, 2,,]}".utf8), phrase: "invalid JSON at line 1, column 13"),
    ]

    @Test(arguments: cases)
    func reportsOneLineNamingTheFile(_ bad: Case) throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        let path = dir.appendingPathComponent(bad.name).path
        try Data(bad.bytes).write(to: URL(fileURLWithPath: path))
        let result = try AttnvizProcess.run(["info", path] + bad.arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "one line expected: \(result.stderr)")
        #expect(result.stderr.hasPrefix("attnviz: \(path): "), "\(result.stderr)")
        #expect(result.stderr.contains(bad.phrase), "\(result.stderr)")
    }

    @Test func nonFiniteValuesAreAcceptedWhenAllowed() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        let path = dir.appendingPathComponent("nan.json").path
        try "[[0.5, NaN], [Infinity, 0.5]]".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try AttnvizProcess.run(["info", path, "--allow-nonfinite"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("min 0.5, max 0.5, 2 NaN/Inf"))
    }

    @Test func missingFileIsNamed() throws {
        let result = try AttnvizProcess.run(["info", "/nonexistent/attn.npy"])
        #expect(result.status == 1)
        #expect(result.stderr == "attnviz: /nonexistent/attn.npy: No such file or directory\n")
    }

    @Test func tokensFileCountMismatchNamesTheTokensFile() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        let data = dir.appendingPathComponent("seed.json").path
        let tokens = dir.appendingPathComponent("tokens.txt").path
        try SeedExample.gperesJSON.write(toFile: data, atomically: true, encoding: .utf8)
        try "a\nb\nc\n".write(toFile: tokens, atomically: true, encoding: .utf8)
        let result = try AttnvizProcess.run(["info", data, "--tokens-file", tokens])
        #expect(result.status == 1)
        #expect(result.stderr == "attnviz: \(tokens): --tokens-file gives 3 tokens but the tensor has 7 queries and 7 keys\n")
        // Seven lines replace the file's tokens, one per line, spaces kept.
        try "one\ntwo words\nthree\nfour\nfive\nsix\nseven\n".write(toFile: tokens, atomically: true, encoding: .utf8)
        let ok = try AttnvizProcess.run(["info", data, "--tokens-file", tokens])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("7 (both axes): \"one\" \"two words\" \"three\""))
    }
}
