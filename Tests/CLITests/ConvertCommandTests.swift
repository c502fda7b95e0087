import Foundation
import Testing
import TestSupport

/// `attnviz convert`: a factored file's selection materialised as .npy/.npz/.safetensors/.json
/// equals the weights NumPy computed from the same queries and keys (NumPy reads our outputs
/// back), and mistakes are one line with nothing written.
@Suite(.hangGuard) struct ConvertCommandTests {
    static let fixtures = PackageRoot.path("Tests/AttentionFormatsTests/Fixtures/factored")

    @Test func selectionsOfAFactoredRunEqualNumPy() throws {
        let python = try RequiredTool.venvPython()
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Self.fixtures + "/causal-gqa.safetensors"
        let runs: [(String, [String], String)] = [
            ("all.npy", [], "e"),
            ("sel.npz", ["--layer", "1", "--head", "1:3", "--queries", "2:9", "--keys", "-6:"], "e[1:2, 1:3, 2:9, -6:]"),
            ("last.safetensors", ["--layer", "-1", "--head", "-1"], "e[-1:, -1:]"),
            ("rows.json", ["--queries", "10:"], "e[:, :, 10:]"),
        ]
        for (name, flags, _) in runs {
            let result = try AttnvizProcess.run(["convert", input, "-o", dir.appendingPathComponent(name).path] + flags)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(result.stdout.hasPrefix("wrote "), "\(result.stdout)")
        }
        let script = """
            import json, sys, numpy as np
            from safetensors.numpy import load_file
            d, fx = sys.argv[1], sys.argv[2]
            e = np.load(fx + "/causal-gqa.expected.npy")
            got = {
                "all.npy": np.load(d + "/all.npy"),
                "sel.npz": np.load(d + "/sel.npz")["attention"],
                "last.safetensors": load_file(d + "/last.safetensors")["attention"],
                "rows.json": np.array(json.load(open(d + "/rows.json", encoding="utf-8"))["attention"], dtype=np.float32),
            }
            want = {"all.npy": e, "sel.npz": e[1:2, 1:3, 2:9, -6:], "last.safetensors": e[-1:, -1:], "rows.json": e[:, :, 10:]}
            for k in want:
                g = got[k].reshape(want[k].shape) if got[k].size == want[k].size else got[k]
                print(k, list(got[k].shape), list(want[k].shape), float(np.abs(g - want[k]).max()) if g.shape == want[k].shape else "shape")
            """
        let check = try BoundedProcess.run(python, ["-c", script, dir.path, Self.fixtures])
        #expect(check.status == 0, "\(check.stderr)")
        let lines = check.stdoutText.split(separator: "\n")
        #expect(lines.count == 4, "\(check.stdoutText)\(check.stderr)")
        for line in lines {
            let parts = line.split(separator: " ")
            let worst = Double(parts.last ?? "") ?? .infinity
            #expect(worst < 2e-6, "\(line)")
        }
        #expect(check.stdoutText.contains("sel.npz [1, 2, 7, 6]"), "\(check.stdoutText)")
    }

    @Test func mistakesAreOneLineAndWriteNothing() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Self.fixtures + "/causal-gqa.safetensors"
        let out = dir.appendingPathComponent("x.npy").path
        let cases: [([String], String)] = [
            (["--layer", "2"], "--layer 2: out of range, there are 2"),
            (["--keys", "20:"], "--keys 20:: selects nothing of the 12"),
            (["--head", "a"], "--head a: expected an index or START:END"),
        ]
        for (flags, message) in cases {
            let result = try AttnvizProcess.run(["convert", input, "-o", out] + flags)
            #expect(result.status == 1, "\(flags): \(result.stdout)")
            #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(flags): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        let text = try AttnvizProcess.run(["convert", input, "-o", dir.appendingPathComponent("x.txt").path])
        #expect(text.status == 1 && text.stderr.contains("unknown output type; use .npy, .npz, .safetensors or .json"), "\(text.stderr)")
    }
}
