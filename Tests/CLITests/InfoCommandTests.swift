import Foundation
import Testing
import Attention

@Suite struct InfoCommandTests {
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
