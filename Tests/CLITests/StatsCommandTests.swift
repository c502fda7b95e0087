import Foundation
import Testing
import TestSupport

/// `attnviz stats`: a 1,000-line corpus on MiniLM gives bit-identical numbers in one run and as 4
/// shards merged (`--shard I/4`, `--merge`), `--jobs` runs shards as local processes; bad corpora
/// and mismatched parts are one-line errors.
@Suite(.hangGuard) struct StatsCommandTests {
    /// 1,000 lines of short sentences from a fixed word list (a few blank, some pairs with a tab).
    static func corpus() -> String {
        let words = ["the", "a", "cat", "dog", "sat", "on", "mat", "river", "bank", "bridge", "Wuhan", "old", "runs", ",", ".", "!", "and", "but"]
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<1000).map { i -> String in
            if i % 97 == 0 { return "" }
            let sentence = (0..<(3 + next(6))).map { _ in words[next(words.count)] }.joined(separator: " ")
            return i % 50 == 3 ? sentence + "\t" + words[next(words.count)] + " " + words[next(words.count)] : sentence
        }.joined(separator: "\n") + "\n"
    }

    /// Whether two JSON values are the same (compared as canonical JSON text).
    static func same(_ a: Any?, _ b: Any?) -> Bool {
        guard let a, let b else { return false }
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
        guard let x = try? JSONSerialization.data(withJSONObject: a, options: options),
              let y = try? JSONSerialization.data(withJSONObject: b, options: options) else { return false }
        return x == y
    }

    static func report(_ path: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
    }

    @Test func oneRunEqualsFourMergedShardsExactly() throws {
        let model = try RequiredModel.miniLM.require()
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("corpus.txt")
        try Self.corpus().write(to: corpus, atomically: true, encoding: .utf8)
        let whole = dir.appendingPathComponent("whole.json")
        let csv = dir.appendingPathComponent("whole.csv")
        let one = try AttnvizProcess.run(["stats", "--model", model, corpus.path, "--json", whole.path, "--csv", csv.path, "--threads", "1"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("989 examples") && one.stdout.contains("11 blank lines skipped"), "\(one.stdout)")
        let a = try Self.report(whole)
        let scores = try #require(a["scores"] as? [String: [[Double]]])
        #expect(Set(scores.keys) == ["first", "self", "previous", "next", "entropy", "special", "punctuation", "duplicate", "induction"])
        #expect(scores["first"]?.count == 6 && scores["first"]?[0].count == 12)
        // Four shards run one by one, merged in reverse order, equal the single run bit for bit.
        var parts = [String]()
        for index in 0..<4 {
            let part = dir.appendingPathComponent("part\(index).json").path
            let result = try AttnvizProcess.run(["stats", "--model", model, corpus.path, "--shard", "\(index)/4", "--json", part, "--quiet"])
            #expect(result.status == 0, "\(result.stderr)")
            parts.append(part)
        }
        let merged = dir.appendingPathComponent("merged.json")
        let mergeResult = try AttnvizProcess.run(["stats", "--merge"] + parts.reversed() + ["--json", merged.path])
        #expect(mergeResult.status == 0, "\(mergeResult.stderr)")
        let b = try Self.report(merged)
        for key in ["scores", "confidence95", "sums", "examples", "tokens", "layers", "heads"] {
            #expect(Self.same(a[key], b[key]), "\(key) differs")
        }
        #expect((b["corpora"] as? [[String: Any]])?.count == 4)
        let twice = try AttnvizProcess.run(["stats", "--merge", parts[0], parts[0]])
        #expect(twice.status == 1 && twice.stderr.contains("shard 0/4 of corpus.txt is already in another part"), "\(twice.stderr)")
        // The CSV has each score's mean and interval per head.
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + 72 && lines[0].hasPrefix("layer,head,first,first_low,first_high,self"))
    }

    /// `--jobs 3` runs three shard processes and merges them: the numbers of one run.
    @Test func jobsRunShardsLocally() throws {
        let model = try RequiredModel.miniLM.require()
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let corpus = dir.appendingPathComponent("small.txt")
        try Self.corpus().split(separator: "\n", omittingEmptySubsequences: false).prefix(100).joined(separator: "\n")
            .write(to: corpus, atomically: true, encoding: .utf8)
        let one = dir.appendingPathComponent("one.json"), jobs = dir.appendingPathComponent("jobs.json")
        let single = try AttnvizProcess.run(["stats", "--model", model, corpus.path, "--json", one.path, "--quiet"])
        let parallel = try AttnvizProcess.run(["stats", "--model", model, corpus.path, "--jobs", "3", "--json", jobs.path, "--threads", "1"])
        #expect(single.status == 0 && parallel.status == 0, "\(single.stderr) \(parallel.stderr)")
        #expect(parallel.stderr.contains("stats 2/3"), "per-shard progress: \(parallel.stderr)")
        let a = try Self.report(one), b = try Self.report(jobs)
        #expect(Self.same(a["scores"], b["scores"]) && Self.same(a["sums"], b["sums"]))
        #expect((b["corpora"] as? [[String: Any]])?.map { $0["shard"] as? String } == ["0/3", "1/3", "2/3"])
    }

    @Test func badCorporaAndMismatchedPartsAreOneLine() throws {
        let miniLM = try RequiredModel.miniLM.require()
        let gpt2 = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/gpt2-tiny")
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let latin1 = dir.appendingPathComponent("latin1.txt")
        try Data("fine line\nanother\ncaf\u{E9}\n".utf8).write(to: latin1)
        var bytes = try Data(contentsOf: latin1)
        bytes.replaceSubrange(bytes.count - 3..<bytes.count - 1, with: [0xE9])   // é as Latin-1
        try bytes.write(to: latin1)
        let long = dir.appendingPathComponent("long.txt")
        try (String(repeating: "word ", count: 2000) + "\n\nshort line\n").write(to: long, atomically: true, encoding: .utf8)
        let notUTF8 = try AttnvizProcess.run(["stats", "--model", miniLM, latin1.path, "--quiet"])
        #expect(notUTF8.status == 1 && notUTF8.stderr.contains("latin1.txt: line 3 is not valid UTF-8"), "\(notUTF8.stderr)")
        #expect(notUTF8.stderr.split(separator: "\n").count == 1)
        let a = dir.appendingPathComponent("a.json"), b = dir.appendingPathComponent("b.json")
        let truncated = try AttnvizProcess.run(["stats", "--model", miniLM, long.path, "--json", a.path, "--quiet"])
        #expect(truncated.status == 0, "\(truncated.stderr)")
        #expect(truncated.stdout.contains("2 examples") && truncated.stdout.contains("1 blank lines skipped")
                && truncated.stdout.contains("1 examples truncated to 512 tokens"), "\(truncated.stdout)")
        let other = try AttnvizProcess.run(["stats", "--model", gpt2, long.path, "--json", b.path, "--quiet"])
        #expect(other.status == 0, "\(other.stderr)")
        let mixed = try AttnvizProcess.run(["stats", "--merge", a.path, b.path])
        #expect(mixed.status == 1 && mixed.stderr.contains("b.json: computed with model gpt2-tiny"), "\(mixed.stderr)")
        let garbage = dir.appendingPathComponent("garbage.json")
        try #"{"layers": 2, "heads": 2}"#.write(to: garbage, atomically: true, encoding: .utf8)
        let broken = try AttnvizProcess.run(["stats", "--merge", garbage.path])
        #expect(broken.status == 1 && broken.stderr.contains("garbage.json: not an attnviz stats file"), "\(broken.stderr)")
        let usage = try AttnvizProcess.run(["stats", latin1.path])
        #expect(usage.status == 1 && usage.stderr.contains("--model"), "\(usage.stderr)")
    }
}
