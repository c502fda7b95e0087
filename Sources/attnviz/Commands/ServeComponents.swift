import AttentionServer
import Foundation
import TransformerRuntime

/// The real model, reader, encoder and page `attnviz serve` plugs into the server.
enum ServeComponents {
    static func loadModel(directory: String) throws -> any AttentionComputing {
        do {
            return try RuntimeAttentionModel(directory: directory)
        } catch {
            throw CLIFailure(error.description)
        }
    }

    static var reader: any AttentionFileReading { FormatsFileReader() }
    static var encoder: any AttentionPayloadEncoding { ExplorerPayloadEncoder() }
    static var page: String { AppPage.standard }
}
