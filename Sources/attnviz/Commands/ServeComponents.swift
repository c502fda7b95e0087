import AttentionServer
import Foundation

/// The real model, reader, encoder and page `attnviz serve` plugs into the server.
enum ServeComponents {
    static func loadModel(directory: String) throws -> any AttentionComputing {
        throw CLIFailure("\(directory): model loading is not wired yet")
    }

    static var reader: any AttentionFileReading { FormatsFileReader() }
    static var encoder: any AttentionPayloadEncoding { ByteQuantizedEncoding() }
    static var page: String { AppPage.html(explorerShell: nil) }
}
