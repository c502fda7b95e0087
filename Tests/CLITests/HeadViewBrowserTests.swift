import Foundation
import Testing
import TestSupport

/// The explorer's head view as a researcher meets it (issue #17 item 1), in real headless
/// Chromium (`Tests/Browser/head_view_check.py`): MiniLM runs of a 24-token sentence, a
/// 311-token text and a sentence pair, plus synthetic 24- and 2,048-token pages the script makes
/// with `attnviz explore`. It checks line lengths, shared opacity, per-head bars and the
/// top-targets list on hover against NumPy and the drawn pixels, the pinned state, the Head
/// control and arrow keys, sticky headings, sentence B's mark, full-length PNG/SVG exports and
/// zero console errors.
@Suite(.hangGuard) struct HeadViewBrowserTests {
    static let sentence = "The quick brown fox jumps over the lazy dog while the old cat watches quietly from the warm sunny windowsill."
    static let pair = ["The cat sat on the mat.", "A dog slept on the rug nearby."]
    /// 261 words that MiniLM's WordPiece makes 311 tokens.
    static let text = "models to long inference during in syntax transformer researchers during while researchers what rare inference to transformer researchers attention documents on rare tokens understand during during attention layer while syntax computes inference track to transformer documents position attention attention attention what them attention documents rare each to tokens computes attention visualise track during while researchers them track and track each track during while coreference attention tokens on them what transformer learn what computes long coreference transformer computes position documents computes layer visualise tokens visualise on each to coreference coreference to documents researchers long visualise rare to long heads researchers track computes inference rare tokens each learn and them documents layer during each computes and in while each visualise transformer during learn visualise on rare and researchers computes attention researchers heads coreference layer long understand to to rare what learn learn visualise track attention during to them long them track rare visualise and long to and while syntax each them understand computes attention rare inference long on documents computes visualise inference models visualise during them to tokens heads researchers long and to them to visualise tokens researchers on and tokens and attention them them understand inference understand position while understand attention inference track what learn them to learn long in inference them inference long on syntax heads on each in in long attention while attention during during syntax track syntax transformer inference understand learn and coreference in learn learn syntax visualise learn each syntax what layer coreference while layer position researchers researchers transformer attention coreference rare position tokens inference to syntax transformer"

    /// A missing model, chromium, chromedriver, venv, selenium or tokenizers fails under
    /// `make test` and is a named skip under a bare `swift test`.
    @Test func headViewInHeadlessChromium() throws {
        let model = try RequiredModel.miniLM.require()
        _ = try BrowserScript.chromium()
        let directory = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let runs: [(String, [String])] = [
            ("s24", [Self.sentence]), ("t311", [Self.text]), ("pair", [Self.pair[0], "--pair", Self.pair[1]]),
        ]
        for (name, text) in runs {
            let run = try AttnvizProcess.run(["run", "--model", model] + text + [
                "-o", directory.appendingPathComponent("\(name).npy").path,
                "--explore", directory.appendingPathComponent("\(name).html").path,
            ])
            #expect(run.status == 0, "\(name): \(run.stderr)")
        }
        let cases: [String: Any] = ["model": model, "s24": Self.sentence, "t311": Self.text, "pair": Self.pair]
        try JSONSerialization.data(withJSONObject: cases).write(to: directory.appendingPathComponent("cases.json"))
        let check = try BrowserScript.run(
            PackageRoot.path("Tests/Browser/head_view_check.py"), [AttnvizProcess.binary.path, directory.path], timeout: 240)
        let output = check.stdoutText + check.stderr
        #expect(check.status == 0, "\(output)")
        #expect(output.contains("all head view checks passed"), "\(output)")
        #expect(output.contains("long: the PNG export"), "\(output)")
    }
}
