import Attention
import AttentionFormats
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

    /// The attention file of `serve --file` as run `file` (memory-mapped where its reader maps
    /// it); its requests compute on every core.
    static func loadRun(path: String) throws -> ServedRun {
        let data: AttentionData
        do {
            data = try AttentionFile.read(path: path, options: AttentionReadOptions(memoryLimit: AttentionReadOptions.halfOfPhysicalMemory))
        } catch {
            throw CLIFailure(error.description)
        }
        do {
            return try ServedRun(id: "file", title: (path as NSString).lastPathComponent, data: data,
                                 threads: ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            throw CLIFailure("\(path): \(error)")
        }
    }

    static var reader: any AttentionFileReading { FormatsFileReader() }
    static var encoder: any AttentionPayloadEncoding { ExplorerPayloadEncoder() }
    static var page: String { AppPage.standard }
}
