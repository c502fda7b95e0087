import ArgumentParser
import Attention
import AttentionFormats
import Foundation
import TransformerRuntime

/// `attnviz heads FILE` or `attnviz heads --model M TEXT`: what each head does, as scores per
/// head (`HeadScore`): a ranked table on stdout, and the whole table as JSON or CSV.
///
/// ```sh
/// attnviz heads attn.safetensors --top 5
/// attnviz heads --model smollm2.gguf "The cat sat on the mat." --json heads.json --csv heads.csv
/// attnviz heads --model DIR "text" --repeat-length 50 --seed 1     # induction on another probe
/// ```
struct HeadsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heads",
        abstract: "Score every head: attention to the first, previous, next and special tokens, entropy, duplicate-token and induction scores.",
        discussion: """
        Scores are means over query positions of one head's matrix A: first = A[q,0], self = A[q,q], \
        previous = A[q,q-1], next = A[q,q+1], entropy = -sum_k A ln A (nats), special and punctuation = \
        weight on those keys, duplicate = weight on earlier copies of the token, induction = weight on the \
        token after an earlier copy (TransformerLens's head detector). With --model, duplicate and \
        induction come from a separate run on a random token sequence repeated twice (--repeat-length, \
        --seed); from a file, from its own tokens when it is self-attention.
        """)

    @Argument(help: ArgumentHelp("Attention file (.json, .csv, .tsv, .npy, .npz, .safetensors), or with --model the text to run.", valueName: "file-or-text"))
    var source: String

    @OptionGroup(title: "Reading a file") var input: AttentionInputFlags

    @Option(help: ArgumentHelp("Model folder or .gguf file to run on the text.", valueName: "path"))
    var model: String?

    @Option(help: ArgumentHelp("With --model: second text of a sentence pair.", valueName: "text"))
    var pair: String?

    @Option(help: ArgumentHelp("With --model: tokens in each half of the repeated random sequence for duplicate and induction (0 leaves them out).", valueName: "n"))
    var repeatLength: Int = 50

    @Option(help: ArgumentHelp("With --model: seed of the random sequence.", valueName: "s"))
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("With --model: threads for the matrix products.", valueName: "n"))
    var threads: Int?

    @OptionGroup(title: "Output") var out: HeadScoreOutputOptions

    func validate() throws {
        if repeatLength < 0 || repeatLength > 100_000 { throw ValidationError("--repeat-length must be between 0 and 100000") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if model == nil && pair != nil { throw ValidationError("--pair needs --model") }
    }

    func run() throws {
        try out.check()
        let report: HeadScoreReport
        if let model {
            report = try scoreModel(model)
        } else {
            report = try scoreFile()
        }
        print(report.rankedText(top: out.top))
        if let json = out.json { try AtomicFile.write(Data(report.json().utf8), to: json) }
        if let csv = out.csv { try AtomicFile.write(Data(report.csv().utf8), to: csv) }
        if let output = out.output { try HeadScoreImage.write(report.table, to: output) }
    }

    private func scoreFile() throws -> HeadScoreReport {
        let data = try input.load(source)
        let shape = data.tensor.shape
        var sums = HeadScoreSums(layers: shape.layers, heads: shape.heads)
        let selfAttention = shape.queries == shape.keys && (data.queryTokens == nil || data.queryTokens == data.keyTokens)
        do {
            try sums.add(data.tensor, tokens: ScoredTokens(keys: data.keyLabels, selfAttention: selfAttention))
        } catch { throw FormatError(path: source, error) }
        let name = URL(fileURLWithPath: source).lastPathComponent
        return HeadScoreReport(title: "\(name): \(shape.layers) layers x \(shape.heads) heads, \(shape.queries) queries x \(shape.keys) keys",
                               table: sums.means(), tokens: shape.queries, probe: nil)
    }

    private func scoreModel(_ path: String) throws -> HeadScoreReport {
        if let threads { TransformerModel.setThreadCount(threads) }
        let loaded = try TransformerModel(directory: path, quantizedWeights: .automatic)
        let encoding = try loaded.encode(source, pair: pair)
        if let untruncated = encoding.untruncatedCount {
            Diagnostics.line("warning: text: \(untruncated) tokens exceed the model's \(loaded.maxTokens) positions; truncated to \(encoding.count)")
        }
        let config = loaded.config
        var sums = HeadScoreSums(layers: config.layers, heads: config.heads)
        let run = try loaded.run(encoding)
        try sums.add(run.attention, tokens: ScoredTokens(encoding), scores: Set(HeadScore.allCases).subtracting([.duplicate, .induction]))
        var probe: RepeatedTokenProbe?
        var probeIds = [Int]()
        if repeatLength > 0 {
            let repeated = RepeatedTokenProbe(length: repeatLength, seed: seed)
            let probeEncoding = repeated.encoding(for: loaded)
            guard probeEncoding.count <= loaded.maxTokens else {
                throw CLIFailure("--repeat-length \(repeatLength): the repeated sequence has \(probeEncoding.count) tokens, more than the model's \(loaded.maxTokens) positions")
            }
            let probeRun = try loaded.run(probeEncoding)
            var probeSums = HeadScoreSums(layers: config.layers, heads: config.heads)
            try probeSums.add(probeRun.attention, tokens: ScoredTokens(probeEncoding),
                              scores: [.duplicate, .induction])
            try sums.merge(probeSums)
            probe = repeated
            probeIds = probeEncoding.ids
        }
        let title = "\(URL(fileURLWithPath: path).lastPathComponent) (\(config.architecture.rawValue)): \(config.layers) layers x \(config.heads) heads, \(encoding.count) tokens"
        return HeadScoreReport(title: title, table: sums.means(), tokens: encoding.count, probe: probe, probeIds: probeIds)
    }
}
