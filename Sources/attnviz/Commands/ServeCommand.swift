import ArgumentParser
import AttentionServer
import Foundation
import Logging

/// `attnviz serve`: a local web app and JSON API to explore a model's attention live.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a local web app: type a sentence or drop an attention file, explore its attention.",
        discussion: """
            Binds 127.0.0.1 unless --host says otherwise. Endpoints: GET / (the app), GET /healthz, \
            GET /api/model, POST /api/attention {"text": ..., "pair": ...}, POST /api/upload?name=FILE; \
            with --file, deep zoom over that file as run "file": GET /api/runs, GET /api/runs/file and its \
            /tile, /head, /row, /column and /topk. A text of more than --dense-max-tokens tokens run by a decoder, \
            and an uploaded `run --keep qk` file, become runs too (r1, r2, ... and u1, ...; the oldest are dropped \
            beyond 16 runs or --run-memory-mb). Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Model folder (config.json, model.safetensors, tokenizer.json); without it only uploads work.", valueName: "dir"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Attention file to zoom into (any file attnviz reads; `attnviz run --keep qk` files are the point), served as run \"file\".", valueName: "path"))
    var file: String?

    @Option(name: .customLong("tile-cache-mb"), help: "MiB of computed tiles, head ranges and top keys kept for reuse.")
    var tileCacheMB: Int = 256

    @Flag(name: .customLong("precompute-top"), help: "After startup, compute every head's top-level tile and range in the background (lowered priority, up to 3/4 of the tile cache).")
    var precomputeTop = false

    @Option(name: .long, help: "Address to bind (loopback by default; anything else is reachable from the network).")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to bind (0 picks a free one).")
    var port: Int = 8080

    @Option(name: .long, help: "Worker threads running the model.")
    var workers: Int = 1

    @Option(name: .long, help: "Requests that may wait for a worker; more are answered 429.")
    var queue: Int = 32

    @Option(name: .customLong("max-text"), help: "Longest text or pair in characters (60,000 fits an 8,192-token text).")
    var maxText: Int = 60_000

    @Option(name: .customLong("dense-max-tokens"), help: "Texts of more tokens, run by a decoder, are kept as queries and keys and served for deep zoom instead of sent whole.")
    var denseMaxTokens: Int = 512

    @Option(name: .customLong("max-run-tokens"), help: "Longest text in tokens kept as queries and keys (refused before the model runs beyond).")
    var maxRunTokens: Int = 8_192

    @Option(name: .customLong("run-memory-mb"), help: "MiB the runs started from the page or uploaded may hold together; the oldest are dropped to make room.")
    var runMemoryMB: Int = 2_048

    @Option(name: .customLong("max-upload-mb"), help: "Largest uploaded file in MiB.")
    var maxUploadMB: Int = 32

    @Option(name: .long, help: "Longest time one request may take, in seconds.")
    var timeout: Double = 30

    @Option(name: .customLong("header-timeout"), help: "Seconds a connection may take to send a complete request head; slower ones are closed.")
    var headerTimeout: Double = 10

    @Option(name: .customLong("max-connections-per-client"), help: "Simultaneous connections from one address (all local clients share 127.0.0.1); more are closed at once.")
    var maxConnectionsPerClient: Int = 32

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard workers >= 1 && workers <= 64 else { throw ValidationError("--workers must be between 1 and 64") }
        guard queue >= 1 && queue <= 10_000 else { throw ValidationError("--queue must be between 1 and 10000") }
        guard maxText >= 1 else { throw ValidationError("--max-text must be at least 1") }
        guard denseMaxTokens >= 1 else { throw ValidationError("--dense-max-tokens must be at least 1") }
        guard maxRunTokens >= 1 else { throw ValidationError("--max-run-tokens must be at least 1") }
        guard runMemoryMB >= 0 && runMemoryMB <= 1 << 24 else { throw ValidationError("--run-memory-mb must be between 0 and 16777216") }
        guard maxUploadMB >= 1 && maxUploadMB <= 4096 else { throw ValidationError("--max-upload-mb must be between 1 and 4096") }
        guard timeout > 0 && timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds") }
        guard headerTimeout > 0 && headerTimeout <= 3600 else { throw ValidationError("--header-timeout must be between 0 and 3600 seconds") }
        guard maxConnectionsPerClient >= 1 && maxConnectionsPerClient <= 256 else {
            throw ValidationError("--max-connections-per-client must be between 1 and 256")
        }
        guard tileCacheMB >= 0 && tileCacheMB <= 1 << 20 else { throw ValidationError("--tile-cache-mb must be between 0 and 1048576") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "attnviz.serve")
        let limits = ServerLimits(
            maxUploadBytes: maxUploadMB << 20,
            maxTextCharacters: maxText,
            workers: workers,
            queueCapacity: queue,
            requestTimeout: .milliseconds(Int((timeout * 1000).rounded())),
            maxConnections: 256,
            headerTimeout: .milliseconds(Int((headerTimeout * 1000).rounded())),
            maxConnectionsPerClient: maxConnectionsPerClient,
            tileCacheBytes: tileCacheMB << 20,
            precomputeTopTiles: precomputeTop,
            denseMaxTokens: denseMaxTokens,
            maxRunTokens: maxRunTokens)
        let loaded = try model.map { try ServeComponents.loadModel(directory: $0) }
        if let loaded {
            logger.info("model loaded", metadata: ["name": "\(loaded.model.name)", "layers": "\(loaded.model.layers)", "heads": "\(loaded.model.heads)"])
        } else if file == nil {
            logger.notice("no --model given: only uploads work")
        }
        let runs = RunStore(droppableBytes: runMemoryMB << 20)
        if let file {
            let run = try ServeComponents.loadRun(path: file)
            try? runs.add(run)  // the store is empty: this cannot fail
            logger.info("file loaded", metadata: ["run": "\(run.id)", "shape": "\(run.data.tensor.shape)", "factored": "\(run.data.tensor.factored != nil)"])
        }
        let server: AttentionServer
        do {
            server = try AttentionServer(
                configuration: ServerConfiguration(host: host, port: port, limits: limits),
                model: loaded, reader: ServeComponents.reader, encoder: ServeComponents.encoder,
                page: ServeComponents.page, runs: runs, logger: logger)
        } catch {
            throw CLIFailure("serve: cannot create a temporary directory for uploads: \(error)")
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        do {
            try await server.run { boundPort in
                FileHandle.standardOutput.write(Data("attnviz serve: http://\(shownHost):\(boundPort)/ (Ctrl-C to stop)\n".utf8))
            }
        } catch {
            throw CLIFailure("serve: \(host):\(port): \(error)")
        }
    }
}
