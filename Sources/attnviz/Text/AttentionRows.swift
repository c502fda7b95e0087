import Attention
import AttentionFormats

extension TextSourceOptions {
    /// Rows of an attention file as examples (needs the shared attention file reader).
    func readAttentionRows() throws -> TextHeatInput {
        throw CLIFailure("\(file): attention files are not supported by `attnviz text` in this build yet")
    }
}
