import Logging
import NIOCore

/// Closes a new connection at once when its client address already has as many open as the
/// shared ``ClientConnectionTable`` allows; otherwise counts it until it closes.
///
/// The first handler of each connection's pipeline. Slow or idle connections still count, but
/// ``HeaderTimeoutHandler`` closes them after the header timeout, so one address cannot keep
/// others out for longer than that.
///
/// ```swift
/// try pipeline.syncOperations.addHandler(ClientConnectionLimitHandler(table: table, logger: logger), position: .first)
/// ```
final class ClientConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let table: ClientConnectionTable
    private let logger: Logger
    /// The address this connection is counted under, once counted.
    private var countedAddress: String?

    init(table: ClientConnectionTable, logger: Logger) {
        self.table = table
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        admit(context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard countedAddress == nil, let address = context.channel.remoteAddress?.ipAddress else { return }
        switch table.open(from: address) {
        case .admitted:
            countedAddress = address
        case .refused(let first):
            if first {
                logger.warning("refusing connections: too many open from one client", metadata: [
                    "client": "\(address)", "limit": "\(table.limit)",
                ])
            }
            context.close(promise: nil)
        }
    }

    private func release() {
        if let address = countedAddress {
            table.close(from: address)
            countedAddress = nil
        }
    }
}
