import Foundation
import Testing
@testable import Attention

/// The note's `createHTML`, run in headless chromium by `scripts/fixtures/note_text_heat.py`,
/// is the golden reference for text heat intensities.
struct NoteTextHeatGoldenTests {
    struct Case: Decodable {
        var name: String
        var texts: [String]
        var weights: [[Double]]
        /// `nil` where the note's page shows `NaN` (it divided by zero).
        var intensities: [[Double?]]
    }

    struct Fixture: Decodable { var cases: [Case] }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/note_text_heat.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static var caseNames: [String] { (try? fixture().cases.map(\.name)) ?? [] }

    @Test(arguments: caseNames)
    func intensitiesMatchTheNotesPage(name: String) throws {
        let golden = try #require(try Self.fixture().cases.first { $0.name == name })
        let heat = try TextHeat(texts: golden.texts, weights: golden.weights)
        #expect(heat.examples.count == golden.intensities.count)
        for (index, (example, expected)) in zip(heat.examples, golden.intensities).enumerated() {
            #expect(example.tokens == golden.texts[index].split(separator: " ", omittingEmptySubsequences: false).map(String.init))
            #expect(example.intensities.count == expected.count)
            for (value, reference) in zip(example.intensities, expected) {
                if let reference {
                    #expect(abs(value - reference) <= 1e-6, "\(name): \(value) vs note \(reference)")
                } else {
                    // The note's NaN (max == min): attnviz paints nothing, intensity 0.
                    #expect(value == 0)
                }
            }
        }
    }

    @Test func fixtureCoversTheNotesDataAndItsFailures() throws {
        let names = try Self.fixture().cases.map(\.name)
        #expect(names.contains("note"))
        #expect(names.contains("all_equal"))
        #expect(names.contains("one_token"))
        let note = try #require(try Self.fixture().cases.first { $0.name == "note" })
        #expect(note.weights.count == 7)
        #expect(note.weights.map { $0.map(Float.init) } == SeedExample.rows)
    }

    @Test func seedExampleIsTheNotesDemo() throws {
        let note = try #require(try Self.fixture().cases.first { $0.name == "note" })
        let heat = TextHeat.seedExample
        #expect(heat.examples.count == 7)
        for (example, expected) in zip(heat.examples, note.intensities) {
            #expect(example.tokens == ["武", "汉", "市", "长", "江", "大", "桥"])
            for (value, reference) in zip(example.intensities, expected) {
                #expect(abs(value - (reference ?? 0)) <= 1e-6)
            }
        }
    }
}
