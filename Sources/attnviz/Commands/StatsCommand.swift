import ArgumentParser
import Attention
import AttentionFormats
import Foundation
import TransformerRuntime

/// `attnviz stats --model M CORPUS.txt`: every head score averaged over a corpus (one example
/// per line, a tab before the second sentence of a pair), token-weighted, with 95% confidence
/// intervals; `--shard I/N` runs one slice and `--merge` combines slices exactly, so a corpus can
/// be split across machines by any scheduler; `--jobs N` runs N local shard processes.
///
/// ```sh
/// attnviz stats --model "$model" corpus.txt --json stats.json --csv stats.csv
/// attnviz stats --model "$model" corpus.txt --shard 2/8 --json part-2.json     # on machine 2
/// attnviz stats --merge part-*.json --json stats.json
/// attnviz stats --model "$model" corpus.txt --jobs 4 --json stats.json
/// ```
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Head scores averaged over a text corpus, with confidence intervals; shards merge exactly.",
        discussion: """
        Each query position of each example counts once. Memory stays flat in the corpus size. \
        --shard I/N (I from 0) takes the lines n with (n-1) mod N = I; the parts' --json files merge \
        with --merge into exactly the numbers of one run (sums are kept as exact fixed-point \
        integers). Parts of different models or options are refused.
        """)

    @Argument(help: ArgumentHelp("The corpus (one example per line), or with --merge the part files.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Model folder or .gguf file to run on every line.", valueName: "path"))
    var model: String?

    @Flag(help: "Merge --json files of earlier runs or shards instead of running a model.")
    var merge = false

    @Option(help: ArgumentHelp("Run only this slice of the lines: I/N with I from 0 to N-1.", valueName: "I/N"))
    var shard: Shard?

    @Option(help: ArgumentHelp("Run N shards as local processes and merge them.", valueName: "n"))
    var jobs: Int?

    @Option(help: ArgumentHelp("Threads for the matrix products (per job with --jobs).", valueName: "n"))
    var threads: Int?

    @OptionGroup(title: "Output") var out: HeadScoreOutputOptions

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        if merge {
            if model != nil || shard != nil || jobs != nil { throw ValidationError("--merge combines part files; drop --model, --shard and --jobs") }
        } else {
            if model == nil { throw ValidationError("give --model PATH (or --merge part files)") }
            if files.count != 1 { throw ValidationError("give one corpus file (or --merge part files)") }
        }
        if shard != nil && jobs != nil { throw ValidationError("--jobs runs every shard; drop --shard") }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        try out.check()
        let report: StatsReport
        if merge {
            report = try StatsReport.merge(files.map { ($0, try StatsReport.read($0)) })
        } else if let jobs, jobs > 1, let model {
            report = try runJobs(jobs, model: model, corpus: files[0])
        } else if let model {
            report = try runShard(shard ?? Shard(index: 0, count: 1), model: model, corpus: files[0])
        } else {
            throw CLIFailure("give --model PATH (or --merge part files)")
        }
        let text = HeadScoreReport(title: summary(report), table: report.sums.means(), tokens: report.tokens, sums: report.sums)
        print(text.rankedText(top: out.top))
        if let json = out.json { try AtomicFile.write(report.json(), to: json) }
        if let csv = out.csv { try AtomicFile.write(Data(text.csv().utf8), to: csv) }
        if let output = out.output { try HeadScoreImage.write(text.table, to: output) }
    }

    private func summary(_ report: StatsReport) -> String {
        let blank = report.corpora.reduce(0) { $0 + $1.blank }
        let truncated = report.corpora.reduce(0) { $0 + $1.truncated }
        let slices = report.corpora.count > 1 ? " in \(report.corpora.count) parts" : ""
        return "\(report.model.name) (\(report.model.architecture)): \(report.examples) examples, \(report.tokens) tokens\(slices)"
            + (blank > 0 ? ", \(blank) blank lines skipped" : "")
            + (truncated > 0 ? ", \(truncated) examples truncated to \(report.options.maxTokens) tokens" : "")
            + "; means over query positions ± 95% interval"
    }

    /// Runs the model over the lines of `shard`, streaming.
    private func runShard(_ shard: Shard, model path: String, corpus: String) throws -> StatsReport {
        let file = try CorpusFile(path: corpus)
        let lines = try file.lineCount()
        if let threads { TransformerModel.setThreadCount(threads) }
        let loaded = try TransformerModel(directory: path, quantizedWeights: .automatic)
        let config = loaded.config
        var sums = HeadScoreSums(layers: config.layers, heads: config.heads)
        let inShard = lines / shard.count + (shard.index < lines % shard.count ? 1 : 0)
        var progress = ProgressLine(label: shard.count > 1 ? "stats \(shard)" : "stats", total: inShard)
        var seen = 0, examples = 0, truncated = 0, blankInShard = 0
        var lastLine = 0
        try file.forEachLine { line in
            for skipped in (lastLine + 1)..<line.number where shard.contains(line: skipped) { blankInShard += 1; seen += 1 }
            lastLine = line.number
            guard shard.contains(line: line.number) else { return }
            seen += 1
            let encoding = try loaded.encode(line.text, pair: line.pair, truncate: true)
            if encoding.untruncatedCount != nil { truncated += 1 }
            let run: AttentionRun
            do { run = try loaded.run(encoding) } catch { throw CLIFailure("\(corpus): line \(line.number): \(error)") }
            try sums.add(run.attention, tokens: ScoredTokens(encoding))
            examples += 1
            if !quiet { progress.update(seen) }
        }
        for skipped in (lastLine + 1)..<(lines + 1) where shard.contains(line: skipped) { blankInShard += 1 }
        if !quiet {
            Diagnostics.line("\(progress.label): \(examples) examples, \(sums.tokens) tokens in \(ProgressLine.clock(progress.elapsed))"
                             + String(format: " (%.1f examples/s)", Double(examples) / max(progress.elapsed, 1e-9)))
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        return StatsReport(
            sums: sums,
            model: .init(name: name, architecture: config.architecture.rawValue, layers: config.layers, heads: config.heads, vocabulary: config.vocabularySize),
            options: .init(maxTokens: loaded.maxTokens),
            corpora: [.init(name: URL(fileURLWithPath: corpus).lastPathComponent, shard: shard.description, lines: inShard,
                            examples: examples, blank: blankInShard, truncated: truncated)])
    }

    /// Runs `count` shards as child processes of this binary (each writing a part file into a
    /// temporary folder), then merges them.
    private func runJobs(_ count: Int, model: String, corpus: String) throws -> StatsReport {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-stats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let perJob = threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount / count)
        var children = [(Process, String)]()
        for index in 0..<count {
            let part = directory.appendingPathComponent("part-\(index).json").path
            let child = Process()
            child.executableURL = executable
            child.arguments = ["stats", "--model", model, corpus, "--shard", "\(index)/\(count)", "--json", part,
                               "--threads", "\(perJob)"] + (quiet ? ["--quiet"] : [])
            child.standardOutput = FileHandle.nullDevice
            do { try child.run() } catch { throw CLIFailure("--jobs: cannot start \(executable.path): \(error.localizedDescription)") }
            children.append((child, part))
        }
        var failed: [Int] = []
        for (index, (child, _)) in children.enumerated() {
            child.waitUntilExit()
            if child.terminationStatus != 0 { failed.append(index) }
        }
        guard failed.isEmpty else {
            throw CLIFailure("--jobs: shard\(failed.count > 1 ? "s" : "") \(failed.map { "\($0)/\(count)" }.joined(separator: ", ")) failed (see above)")
        }
        return try StatsReport.merge(children.map { ($0.1, try StatsReport.read($0.1)) })
    }
}
