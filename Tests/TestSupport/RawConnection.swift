import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One raw TCP connection to 127.0.0.1 for requests no proper client sends (headers dribbled a
/// byte at a time, several Host headers, absolute-form targets). Nothing blocks: reads poll
/// without waiting and every wait has a deadline.
public final class RawConnection: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    private let fd: Int32
    private let lock = NSLock()
    private var isClosed = false

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int) throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(s)
            throw Failure(description: "connect 127.0.0.1:\(port): errno \(errno)")
        }
        fd = s
    }

    deinit { shut() }

    /// Sends `text` (UTF-8); false when the server has closed the connection.
    @discardableResult
    public func send(_ text: String) -> Bool {
        send(bytes: Array(text.utf8))
    }

    /// Sends `bytes` without blocking a thread (small requests fit in the socket buffer);
    /// false when the server has closed the connection or nothing could be sent for 10 s.
    @discardableResult
    public func send(bytes: [UInt8]) -> Bool {
        var sent = 0
        let deadline = Date(timeIntervalSinceNow: 10)
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if n > 0 {
                sent += n
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && Date() < deadline {
                usleep(1000)
            } else {
                return false
            }
        }
        return true
    }

    /// Sends a large body, waiting (without holding a thread) while the server catches up;
    /// false when the server closed the connection or stopped reading for `seconds`.
    @discardableResult
    public func send(large bytes: [UInt8], stallLimit seconds: Double = 30) async -> Bool {
        var sent = 0
        var lastProgress = Date()
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if n > 0 {
                sent += n
                lastProgress = Date()
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && Date().timeIntervalSince(lastProgress) < seconds {
                try? await Task.sleep(for: .milliseconds(2))
            } else {
                return false
            }
        }
        return true
    }

    /// Reads what arrives until the server closes the connection or `seconds` pass; returns
    /// the bytes as text and whether the connection was closed.
    public func receive(for seconds: Double) async -> (text: String, closed: Bool) {
        let deadline = Date(timeIntervalSinceNow: seconds)
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 {
                bytes += buffer[0..<n]
                continue
            }
            if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                return (String(decoding: bytes, as: UTF8.self), true)
            }
            if Date() >= deadline { return (String(decoding: bytes, as: UTF8.self), false) }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Reads until one whole response with a `Content-Length` body has arrived (or the
    /// connection closes, or `seconds` pass); returns what arrived.
    public func receiveResponse(within seconds: Double = 10) async -> String {
        let deadline = Date(timeIntervalSinceNow: seconds)
        var text = ""
        while Date() < deadline {
            let part = await receive(for: 0.05)
            text += part.text
            if part.closed || Self.isComplete(text) { break }
        }
        return text
    }

    /// Waits up to `seconds` for the server to close the connection (reading and dropping
    /// anything it sends); returns whether it did.
    public func waitUntilClosed(within seconds: Double) async -> Bool {
        await receive(for: seconds).closed
    }

    /// Closes our end.
    public func shut() {
        lock.withLock {
            if !isClosed {
                isClosed = true
                close(fd)
            }
        }
    }

    /// Whether `text` holds a complete response head and its `Content-Length` body.
    private static func isComplete(_ text: String) -> Bool {
        guard let headEnd = text.range(of: "\r\n\r\n") else { return false }
        let head = text[..<headEnd.lowerBound].lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return true }
        return text[headEnd.upperBound...].utf8.count >= length
    }
}
