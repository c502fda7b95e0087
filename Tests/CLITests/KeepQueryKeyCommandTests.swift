import Foundation
import Testing
import TestSupport

/// `attnviz run --keep qk -o RUN.safetensors`: the file NumPy reads holds queries, keys and
/// normalisers from which NumPy's own exp(scale·q·k − lse) gives the weights `run -o` writes
/// (MiniLM, and SmolLM2 with grouped heads, causal); `--qk-precision f16` is half the size and
/// `info` states its measured error; misuse is one line.
@Suite(.hangGuard) struct KeepQueryKeyCommandTests {
    @Test(arguments: ["minilm", "smollm2"])
    func numPyRebuildsTheWeightsFromQueriesAndKeys(model name: String) throws {
        let model = try name == "minilm" ? RequiredModel.miniLM.require() : RequiredModel.smolLM2.require()
        let python = try RequiredTool.venvPython()
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = "The animal didn't cross the street because it was too tired."
        let weights = dir.appendingPathComponent("w.safetensors").path, factored = dir.appendingPathComponent("qk.safetensors").path
        for (path, extra) in [(weights, [String]()), (factored, ["--keep", "qk"])] {
            let result = try AttnvizProcess.run(["run", "--model", model, text, "-o", path] + extra)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let script = """
            import json, sys, numpy as np
            from safetensors import safe_open
            from safetensors.numpy import load_file
            w = load_file(sys.argv[1])["attention"].astype(np.float64)
            t = load_file(sys.argv[2])
            with safe_open(sys.argv[2], "np") as f: meta = f.metadata()
            q, k, lse = (t[n].astype(np.float64) for n in ("queries", "keys", "logsumexp"))
            group = q.shape[1] // k.shape[1]
            logits = float(meta["scale"]) * np.einsum("lhsd,lhtd->lhst", q, np.repeat(k, group, axis=1))
            s = q.shape[2]
            if meta["causal"] == "true":
                logits = np.where(np.tril(np.ones((s, s), bool)), logits, -np.inf)
            rebuilt = np.exp(logits - lse[..., None])
            print(json.dumps({"shape": list(w.shape), "kv": k.shape[1], "worst": float(np.abs(rebuilt - w).max()),
                              "tokens": json.loads(meta["tokens"])[:2]}))
            """
        let check = try BoundedProcess.run(python, ["-c", script, weights, factored])
        #expect(check.status == 0, "\(check.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdoutText.utf8)) as? [String: Any], "\(check.stdoutText)")
        let worst = try #require(report["worst"] as? Double)
        #expect(worst < 1e-5, "\(name): NumPy's weights from the queries and keys differ from run -o by \(worst)")
        #expect((report["kv"] as? Int) == (name == "minilm" ? 12 : 3))
        #expect(((report["tokens"] as? [String])?.count ?? 0) == 2)
    }

    @Test func halfPrecisionStatesItsError() throws {
        let model = try RequiredModel.smolLM2.require()
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f32 = dir.appendingPathComponent("f32.safetensors").path, f16 = dir.appendingPathComponent("f16.safetensors").path
        for (path, precision) in [(f32, "f32"), (f16, "f16")] {
            let result = try AttnvizProcess.run(["run", "--model", model, "Hello there, general Kenobi.", "-o", path, "--keep", "qk", "--qk-precision", precision])
            #expect(result.status == 0, "\(result.stderr)")
        }
        let sizes = try [f32, f16].map { try #require(try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) }
        #expect(sizes[1] < sizes[0] * 6 / 10, "f16 \(sizes[1]) bytes vs f32 \(sizes[0])")
        let info = try AttnvizProcess.run(["info", f16])
        #expect(info.stdout.contains("float16 queries and keys change weights by at most"), "\(info.stdout)")
        #expect(info.stdout.contains("dtype:") && info.stdout.contains("F16 (queries and keys"), "\(info.stdout)")
        let plain = try AttnvizProcess.run(["info", f32])
        #expect(!plain.stdout.contains("float16"), "\(plain.stdout)")
    }

    @Test func misuseIsOneLine() throws {
        let model = try RequiredModel.miniLM.require()
        for (flags, message) in [(["--keep", "qk"], "--keep qk writes queries and keys to a safetensors file"),
                                 (["--keep", "qk", "-o", "x.npy"], "--keep qk writes queries and keys to a safetensors file"),
                                 (["-o", "x.safetensors", "--qk-precision", "f16"], "--qk-precision applies to --keep qk")] {
            let result = try AttnvizProcess.run(["run", "--model", model, "hi"] + flags)
            #expect(result.status == 1 && result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(flags): \(result.stderr)")
        }
    }
}
