import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare blocking-socket HTTP/1.1 exchange, for requests a proper client will not send
/// (chunked oversize bodies, stalled bodies) and for parallel connections.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// `POST path` with a JSON body and `Connection: close`; returns the whole reply.
    static func postJSON(port: Int, path: String, body: String) async throws -> String {
        try await exchange(port: port, request:
            "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
    }

    /// Sends `request` to localhost:`port` and reads until the server closes or `readTimeout`
    /// seconds pass without data; returns what arrived.
    static func exchange(port: Int, request: String, readTimeout: Int = 20) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try blockingExchange(port: port, request: request, readTimeout: readTimeout) })
            }
        }
    }

    private static func blockingExchange(port: Int, request: String, readTimeout: Int) throws -> String {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo("localhost", String(port), &hints, &list) == 0, let first = list else {
            throw Failure(description: "cannot resolve localhost")
        }
        defer { freeaddrinfo(list) }
        var fd: Int32 = -1
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            let s = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if s >= 0 && connect(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { fd = s; break }
            if s >= 0 { close(s) }
            cursor = info.pointee.ai_next
        }
        guard fd >= 0 else { throw Failure(description: "cannot connect to localhost:\(port)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }  // the server may close early (413): read what it said
            sent += n
        }
        var reply = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            reply += buffer[0..<n]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
