import NIOCore
import NIOHTTP1

/// Applies RFC 9112 §3.2.2 to absolute-form request targets (`GET http://host:port/path`): the
/// target's authority replaces every `Host` header and the target becomes its origin form
/// (`/path`). The Host check then judges the authority the client really addressed; without this
/// Hummingbird would drop the authority and keep the `Host` header, so `GET http://evil.com/`
/// with `Host: localhost` would pass.
///
/// Sits between NIO's HTTP/1 decoder and Hummingbird's conversion to `HTTPRequest`.
///
/// ```swift
/// try pipeline.syncOperations.addHandler(AbsoluteFormHandler(), position: .after(decoder))
/// ```
final class AbsoluteFormHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), let target = Self.split(head.uri) else {
            context.fireChannelRead(data)
            return
        }
        head.headers.remove(name: "Host")
        head.headers.add(name: "Host", value: target.authority)
        head.uri = target.path
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// `scheme://authority/path?query` as its authority and `/path?query` (`/` when empty);
    /// `nil` for the origin form `/path` and anything without `://` (`*`, authority form).
    static func split(_ uri: String) -> (authority: String, path: String)? {
        guard !uri.hasPrefix("/"), let separator = uri.range(of: "://") else { return nil }
        let rest = uri[separator.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = String(rest[..<end])
        var path = String(rest[end...])
        if let fragment = path.firstIndex(of: "#") { path = String(path[..<fragment]) }
        if !path.hasPrefix("/") { path = "/" + path }
        return (authority, path)
    }
}
