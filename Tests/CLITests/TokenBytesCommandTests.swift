import Foundation
import Testing
import TestSupport

/// Issue #12 item 7 for files: `attnviz run -o` stores the raw bytes of tokens that hold only
/// part of a character (`token_bytes` in the safetensors metadata, weights and `--keep qk` alike),
/// and pages made from those files later (`explore`, `explore --max-size`) give them in their
/// tooltips as the run's own `--explore` page does. Checked by Python from the files and pages:
/// the pieces of 🙂 in llama-tiny's byte-level tokens are the UTF-8 bytes Python gives for it.
@Suite(.hangGuard) struct TokenBytesCommandTests {
    @Test func runFilesAndPagesMadeFromThemKeepPartialCharacterBytes() throws {
        let python = try RequiredTool.venvPython()
        let model = PackageRoot.path("Tests/TransformerRuntimeTests/Fixtures/llama-tiny")
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = { (name: String) in dir.appendingPathComponent(name).path }
        let text = "The animal was too tired 🙂"
        for (file, extra) in [("w.safetensors", [String]()), ("qk.safetensors", ["--keep", "qk"])] {
            let run = try AttnvizProcess.run(["run", "--model", model, text, "-o", path(file)] + extra)
            #expect(run.status == 0, "\(run.stderr)")
        }
        for (input, page, extra) in [("w.safetensors", "w.html", [String]()), ("qk.safetensors", "qk.html", ["--max-size", "5MB"])] {
            let explore = try AttnvizProcess.run(["explore", path(input), "-o", path(page)] + extra)
            #expect(explore.status == 0, "\(explore.stderr)")
        }
        let script = """
            import json, re, sys
            from safetensors import safe_open
            emoji = " ".join(f"{b:02x}" for b in "🙂".encode("utf-8"))
            for name in ("w", "qk"):
                with safe_open(f"{sys.argv[1]}/{name}.safetensors", "np") as f:
                    meta = f.metadata()
                stored = json.loads(meta["token_bytes"])
                assert len(stored) == len(json.loads(meta["tokens"])), (name, "one entry per token")
                assert " ".join(b for b in stored if b) == emoji, (name, stored, emoji)
                html = open(f"{sys.argv[1]}/{name}.html", encoding="utf-8").read()
                m = re.search(r'<script id="attnviz-data" type="application/json">(.*?)</script>', html, re.S)
                assert json.loads(m.group(1))["tokenBytes"] == stored, (name, "the page's tooltips use the file's bytes")
            print("ok", emoji)
            """
        let check = try BoundedProcess.run(python, ["-c", script, dir.path])
        #expect(check.status == 0 && check.stdoutText.hasPrefix("ok f0 9f 99 82"), "\(check.stdoutText)\(check.stderr)")
    }
}
