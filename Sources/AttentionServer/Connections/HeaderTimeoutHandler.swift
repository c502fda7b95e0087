import NIOCore
import NIOHTTP1

/// Closes a connection that has not delivered a complete request head within `timeout` of
/// connecting, or of the end of its last response. A client sending its headers a byte at a
/// time (or nothing at all) holds a connection for at most `timeout`, so a few of them cannot
/// use up the server's connection limit.
///
/// The clock stops when a head arrives: reading the body is bounded by the request timeout,
/// writing the response by nothing but the client. It restarts when the last response the
/// connection owes is written, which also ends a body the handler no longer waits for.
///
/// ```swift
/// try pipeline.syncOperations.addHandler(HeaderTimeoutHandler(timeout: .seconds(10)), position: .after(decoder))
/// ```
final class HeaderTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let timeout: TimeAmount
    /// Heads read whose response has not ended yet.
    private var unanswered = 0
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startClock(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopClock()
    }

    func channelActive(context: ChannelHandlerContext) {
        startClock(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            unanswered += 1
            stopClock()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0 && context.channel.isActive { startClock(context) }
        }
        context.write(data, promise: promise)
    }

    private func startClock(_ context: ChannelHandlerContext) {
        guard timer == nil else { return }
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.timer = nil
            if handler.unanswered == 0 { context.close(promise: nil) }
        }
    }

    private func stopClock() {
        timer?.cancel()
        timer = nil
    }
}
