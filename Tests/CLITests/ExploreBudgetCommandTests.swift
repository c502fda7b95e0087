import Foundation
import Testing
import TestSupport

/// `attnviz explore RUN --max-size`: the page is within its budget, and what it embeds — every
/// head's range and pooled overview, full-resolution heads, top-k tables — decoded by Python
/// (base64, zlib, NumPy) equals what NumPy computed from the same queries and keys; mistakes are
/// one line with nothing written.
@Suite(.hangGuard) struct ExploreBudgetCommandTests {
    static let fixtures = PackageRoot.path("Tests/AttentionFormatsTests/Fixtures/factored")

    /// Reads the page's embedded run and compares every part with the fixture's NumPy weights.
    static let checker = """
        import base64, json, re, sys, zlib
        import numpy as np
        page, expected, budget = sys.argv[1], sys.argv[2], int(sys.argv[3])
        html = open(page, encoding="utf-8").read()
        assert len(html.encode()) <= budget, f"page {len(html.encode())} > budget {budget}"
        m = re.search(r'<script id="attnviz-data" type="application/json">(.*?)</script>', html, re.S)
        run = json.loads(m.group(1))
        e = np.load(expected).astype(np.float64)
        L, H, S, _ = e.shape
        E = run["embedded"]
        assert run["format"] == "attnviz-run/1" and run["shape"] == [L, H, S, S], run["shape"]
        part = lambda b: zlib.decompress(base64.b64decode(b))
        worst, full, topk = 0.0, 0, 0
        size, level = E["overview"]["size"], E["overview"]["level"]
        n = 2 ** level
        sinks = run["sinkColumns"]
        keep = np.ones(S, bool); keep[sinks] = False
        for i in range(L * H):
            w = e[i // H, i % H]
            mx, sm, mn = E["summaries"][i]
            worst = max(worst, abs(mx - w.max()), abs(sm - w[:, keep].max()), abs(mn - w.min()))
            planes = np.frombuffer(part(E["overview"]["heads"][i]), "<f4").reshape(2, size, size)
            rows = -(-S // n)
            pad = np.full((rows * n, rows * n), np.nan); pad[:S, :S] = w
            blocks = pad.reshape(rows, n, rows, n)
            worst = max(worst, np.abs(planes[0, :rows, :rows] - np.nanmax(blocks, axis=(1, 3))).max(),
                        np.abs(planes[1, :rows, :rows] - np.nanmean(blocks, axis=(1, 3))).max())
            assert np.isnan(planes[:, rows:, :]).all() and np.isnan(planes[:, :, rows:]).all(), "overview outside the matrix is not NaN"
            if E["full"]["heads"][i] is not None:
                full += 1
                got = np.frombuffer(part(E["full"]["heads"][i]), "<f4").reshape(S, S)
                worst = max(worst, np.abs(got - w).max())
            else:
                topk += 1
                k = E["topk"]["k"]
                raw = part(E["topk"]["heads"][i])
                keys = np.frombuffer(raw[:4 * S * k], "<i4").reshape(S, k); vals = np.frombuffer(raw[4 * S * k:], "<f4").reshape(S, k)
                for q in range(S):
                    visible = np.nonzero(w[q] > 0)[0]
                    order = sorted(visible, key=lambda j: (-w[q, j], j))[:k]
                    got = [int(j) for j in keys[q] if j >= 0]
                    assert got == order, f"head {i} row {q}: top keys {got} != NumPy's {order}"
                    worst = max(worst, np.abs(vals[q, :len(order)] - w[q, order]).max() if order else 0.0)
        print(f"full={full} topk={topk} k={E['topk']['k'] if E['topk'] else 0} worst={worst:.3e}")
        """

    @Test func pagesWithinTheBudgetHoldNumPysWeights() throws {
        let python = try RequiredTool.venvPython()
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["causal-gqa", "softcap-f16"] {
            let input = Self.fixtures + "/\(name).safetensors"
            // 1 MB holds all 8 heads at full resolution; with --layers/--heads only the chosen
            // head gets them (the page's script, style and tokens take about 200 kB).
            for (budget, flags) in [(1_000_000, [String]()), (240_000, ["--layers", "1", "--heads", "2"])] {
                let page = dir.appendingPathComponent("\(name)-\(budget).html").path
                let result = try AttnvizProcess.run(["explore", input, "--max-size", "\(budget)", "-o", page] + flags)
                #expect(result.status == 0, "\(name) \(budget): \(result.stderr)")
                #expect(result.stdout.contains("heads at full resolution"), "\(result.stdout)")
                let check = try BoundedProcess.run(python, ["-c", Self.checker, page, Self.fixtures + "/\(name).expected.npy", "\(budget)"])
                #expect(check.status == 0, "\(name) \(budget): \(check.stderr)")
                let line = check.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
                let worst = line.split(separator: "=").last.flatMap { Double($0) } ?? .infinity
                #expect(worst <= 1e-5, "\(name) \(budget): \(line)")
                if budget == 1_000_000 { #expect(line.hasPrefix("full=8 topk=0"), "\(line)") }
                if budget == 240_000 {
                    #expect(result.stdout.contains("1 of 8 heads at full resolution (L1H2)"), "\(result.stdout)")
                    #expect(line.hasPrefix("full=1 topk=7"), "\(line)")
                }
            }
        }
    }

    @Test func mistakesAreOneLineAndWriteNothing() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = Self.fixtures + "/causal-gqa.safetensors"
        let page = dir.appendingPathComponent("p.html").path
        let cases: [([String], String)] = [
            (["--max-size", "20kB"], "is below the"),
            (["--max-size", "lots"], "--max-size"),
            (["--max-size", "1MB", "--layers", "7"], "--layers 7: out of range"),
            (["--heads", "1"], "add --max-size"),
        ]
        for (flags, message) in cases {
            let result = try AttnvizProcess.run(["explore", input, "-o", page] + flags)
            #expect(result.status != 0, "\(flags)")
            #expect(result.stderr.contains(message), "\(flags): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: page), "\(flags) wrote a page")
        }
    }
}
