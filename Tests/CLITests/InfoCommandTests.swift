import Foundation
import Testing
import TestSupport
import Attention

@Suite(.hangGuard) struct InfoCommandTests {
    @Test func describesTheNotesDictOfDicts() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        let path = dir.appendingPathComponent("gperes.json").path
        try SeedExample.gperesJSON.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try AttnvizProcess.run(["info", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[1, 1, 7, 7]"))
        #expect(result.stdout.contains("7 (both axes): \"武\" \"汉\" \"市\" \"长\" \"江\" \"大\" \"桥\""))
        #expect(result.stdout.contains("min 0.0, max 1.0"))
        // The note's rows do not sum to 1 (row 0 sums to 2.37).
        #expect(result.stdout.contains("7 of 7 rows do not sum to 1"))
    }
}

@Suite(.hangGuard) struct InfoFormatsTests {
    static func fixture(_ name: String) -> String {
        AttnvizProcess.packageRoot.appendingPathComponent("Tests/AttentionFormatsTests/Fixtures/\(name)").path
    }

    @Test func describesNpyHeader() throws {
        let result = try AttnvizProcess.run(["info", Self.fixture("base_f8_be_F_v3.npy")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("format: npy 3.0, '>f8', Fortran order"))
        #expect(result.stdout.contains("F64 (memory-mapped, big-endian, 960 bytes)"))
        #expect(result.stdout.contains("tokens: none (labels are indices)"))
        #expect(result.stdout.contains("(all 6 heads)"))
    }

    @Test func listsSafetensorsTensorsAndPicksOne() throws {
        let result = try AttnvizProcess.run(["info", Self.fixture("dtypes.safetensors"), "--tensor", "f16"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ids I64 [5]"))
        #expect(result.stdout.contains("f32 F32 [2, 3, 4, 5]"))
        #expect(result.stdout.contains("F16 (memory-mapped"))
    }

    @Test func saysWhenRowsSumToOne() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        let path = dir.appendingPathComponent("softmax.json").path
        try #"{"tokens": ["a", "b"], "attention": [[[0.25, 0.75], [0.5, 0.5]], [[1, 0], [0.125, 0.875]]]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try AttnvizProcess.run(["info", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("shape:  [2, 2, 2] as [layers, heads, queries, keys] = [1, 2, 2, 2]"))
        #expect(result.stdout.contains("all 4 rows sum to 1"))
        #expect(result.stdout.contains("min 0.0, max 1.0 (all 2 heads)"))
    }

    @Test func sampleLimitIsReported() throws {
        let result = try AttnvizProcess.run(["info", Self.fixture("base_f4_le_C_v1.npy"), "--sample", "40"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("sampled 2 of 6 heads (40 values"))
    }
}
