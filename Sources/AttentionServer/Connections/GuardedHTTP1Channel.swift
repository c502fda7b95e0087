import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with this server's connection guards in its pipeline:
/// ``AbsoluteFormHandler`` and ``HeaderTimeoutHandler`` between NIO's HTTP/1 decoder and
/// Hummingbird's `HTTPRequest` conversion (which would otherwise drop an absolute-form target's
/// authority).
///
/// ```swift
/// let server = HTTPServerBuilder { responder in
///     GuardedHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: http1),
///                         headerTimeout: .seconds(10))
/// }
/// ```
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let inner: HTTP1Channel
    let headerTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { [headerTimeout] value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(HeaderTimeoutHandler(timeout: headerTimeout), position: .after(decoder))
            try pipeline.addHandler(AbsoluteFormHandler(), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
