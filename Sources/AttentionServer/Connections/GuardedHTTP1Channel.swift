import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with this server's connection guards in its pipeline:
/// ``ClientConnectionLimitHandler`` first, then, between NIO's HTTP/1 decoder and Hummingbird's
/// `HTTPRequest` conversion, ``AbsoluteFormHandler`` and ``HeaderTimeoutHandler``.
///
/// ```swift
/// let server = HTTPServerBuilder { responder in
///     GuardedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: http1),
///                         connections: table, headerTimeout: .seconds(10), logger: logger)
/// }
/// ```
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let connections: ClientConnectionTable
    let headerTimeout: TimeAmount
    let logger: Logger

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { [connections, headerTimeout, logger = self.logger] value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(HeaderTimeoutHandler(timeout: headerTimeout), position: .after(decoder))
            try pipeline.addHandler(AbsoluteFormHandler(), position: .after(decoder))
            try pipeline.addHandler(ClientConnectionLimitHandler(table: connections, logger: logger), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
