import Attention
import AttentionFormats
import Foundation

/// What `attnviz stats` writes with `--json`, and what `--merge` reads back: per-head means and
/// 95% confidence intervals of every score, and the exact sums they come from, with what they
/// were computed from (model, options, corpus slices) so that parts of different runs are never
/// mixed.
///
/// ```json
/// {"layers": 6, "heads": 12, "examples": 1000, "tokens": 15230,
///  "model": {...}, "options": {...}, "corpora": [{"name": "c.txt", "shard": "0/4", ...}],
///  "scores": {"first": [[...per head] ...per layer]}, "confidence95": {...}, "sums": {...}}
/// ```
struct StatsReport: Codable {
    /// The model the statistics describe; parts merge only when these agree.
    struct Model: Codable, Equatable {
        var name: String
        var architecture: String
        var layers: Int
        var heads: Int
        var vocabulary: Int
    }

    /// How examples were run; parts merge only when these agree.
    struct Options: Codable, Equatable {
        /// Longest example in tokens; longer ones are truncated to it.
        var maxTokens: Int
    }

    /// One corpus slice that went into the numbers.
    struct Corpus: Codable, Equatable {
        var name: String
        var shard: String
        var lines: Int
        var examples: Int
        var blank: Int
        var truncated: Int
    }

    var layers: Int
    var heads: Int
    var examples: Int
    var tokens: Int
    var model: Model
    var options: Options
    var corpora: [Corpus]
    var scores: [HeadScore: [[Double?]]]
    var confidence95: [HeadScore: [[[Double]?]]]
    var sums: HeadScoreSums

    /// A report of `sums` with its provenance; means and intervals are derived from the sums.
    init(sums: HeadScoreSums, model: Model, options: Options, corpora: [Corpus]) {
        layers = sums.layers
        heads = sums.heads
        examples = sums.examples
        tokens = sums.tokens
        self.model = model
        self.options = options
        self.corpora = corpora
        self.sums = sums
        let table = sums.means()
        var scores = [HeadScore: [[Double?]]]()
        var intervals = [HeadScore: [[[Double]?]]]()
        for score in table.scores {
            scores[score] = table.rows(score)
            intervals[score] = (0..<sums.layers).map { layer in
                (0..<sums.heads).map { head in
                    sums.cell(score, layer: layer, head: head)?.confidence95.map { [$0.lowerBound, $0.upperBound] }
                }
            }
        }
        self.scores = scores
        confidence95 = intervals
    }

    /// The JSON text (sorted keys, so equal reports are equal files).
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads a report written by `json()`; anything else is a `FormatError` naming the file.
    static func read(_ path: String) throws -> StatsReport {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = attributes?[.size] as? Int else { throw FormatError.unreadable(path: path, reason: "no such file") }
        guard size <= 256 << 20 else { throw FormatError.malformed(path: path, problem: "larger than 256 MiB: not a stats part") }
        let report: StatsReport
        do {
            report = try JSONDecoder().decode(StatsReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as DecodingError {
            throw FormatError.malformed(path: path, problem: "not an attnviz stats file: \(Self.describe(error))")
        } catch {
            throw FormatError.malformed(path: path, problem: "cannot be read: \(error.localizedDescription)")
        }
        guard report.layers == report.sums.layers, report.heads == report.sums.heads else {
            throw FormatError.malformed(path: path, problem: "its sums are for \(report.sums.layers) x \(report.sums.heads) heads, not \(report.layers) x \(report.heads)")
        }
        return report
    }

    /// Merges `parts` (read from `paths`) into one report: the same model and options, no corpus
    /// slice twice. The numbers equal those of one run over the union, exactly.
    static func merge(_ parts: [(path: String, report: StatsReport)]) throws -> StatsReport {
        guard let (firstPath, first) = parts.first else { throw CLIFailure("--merge needs at least one part file") }
        var sums = first.sums
        var corpora = first.corpora
        for (path, part) in parts.dropFirst() {
            if part.model != first.model {
                throw FormatError.malformed(path: path, problem: "computed with model \(part.model.name) (\(part.model.architecture), \(part.model.layers)x\(part.model.heads)), but \(firstPath) with \(first.model.name) (\(first.model.architecture), \(first.model.layers)x\(first.model.heads))")
            }
            if part.options != first.options {
                throw FormatError.malformed(path: path, problem: "computed with at most \(part.options.maxTokens) tokens per example, but \(firstPath) with \(first.options.maxTokens)")
            }
            for slice in part.corpora where corpora.contains(where: { $0.name == slice.name && $0.shard == slice.shard }) {
                throw FormatError.malformed(path: path, problem: "shard \(slice.shard) of \(slice.name) is already in another part; merging it twice would count it twice")
            }
            do { try sums.merge(part.sums) } catch { throw FormatError(path: path, error) }
            corpora += part.corpora
        }
        return StatsReport(sums: sums, model: first.model, options: first.options, corpora: corpora)
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let at = context.codingPath.map(\.stringValue).joined(separator: ".")
            return (at.isEmpty ? "" : "at \(at): ") + context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
