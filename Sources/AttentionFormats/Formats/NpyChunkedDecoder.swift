import Attention
import Foundation

/// Decodes a `.npy` that arrives in pieces (an `.npz` member being inflated) without ever holding
/// more than its shape declares: the header is read first, the bytes the shape and dtype need are
/// sized from it (and checked against a memory budget), and reading stops there, so trailing
/// bytes and decompression bombs cost nothing. Float arrays in C order are converted to `Float`
/// as the bytes arrive, so the decoded tensor is the only large allocation.
///
/// ```swift
/// var decoder = NpyChunkedDecoder(path: "run.npz", purpose: .tensor, budget: 256 << 20)
/// for chunk in chunks { if try !decoder.consume(chunk) { break } }   // false: has all it needs
/// let tensor = try decoder.tensor()
/// ```
struct NpyChunkedDecoder {
    /// What the member is read for: a float tensor, or labels (strings or integer ids).
    enum Purpose { case tensor, labels }

    let path: String
    let purpose: Purpose
    /// Most bytes the decoded values may take, or `nil` for no limit beyond the declared shape.
    let budget: Int?

    /// Header bytes, then (for labels and non-C-order tensors) the raw data.
    private var raw = Data()
    private var header: RawNpyHeader?
    private var floatHeader: NpyHeader?
    /// Total bytes the member needs: header plus data.
    private var needed: Int?
    /// Streaming conversion target for C-order float tensors.
    private var values: [Float] = []
    private var converted = 0
    private var carry: [UInt8] = []
    private var received = 0

    init(path: String, purpose: Purpose, budget: Int?) {
        self.path = path
        self.purpose = purpose
        self.budget = budget
    }

    /// Takes the next piece; returns `false` once every byte the header asks for has arrived.
    mutating func consume(_ chunk: Data) throws(FormatError) -> Bool {
        var rest = chunk[...]
        if header == nil {
            rest = rest.dropFirst(try takeHeaderBytes(from: rest))
            if header == nil { return true }
        }
        guard let needed else { return true }
        let take = min(rest.count, needed - received)
        if take > 0 {
            let piece = rest.prefix(take)
            if floatHeader != nil && values.count > 0 { convert(piece) } else { raw.append(contentsOf: piece) }
            received += take
        }
        return received < needed
    }

    /// The float tensor, once every byte has arrived.
    func tensor() throws(FormatError) -> AttentionTensor {
        guard let header, let floatHeader, let needed else { throw truncated(nil) }
        guard received == needed else { throw truncated(header) }
        let decoded: [Float]
        if header.elementCount == 0 || values.count > 0 {
            decoded = values
        } else {
            decoded = raw.withUnsafeBytes { bytes in
                StridedDecoder.decode(bytes, byteOffset: floatHeader.dataOffset, scalarType: floatHeader.scalarType,
                                      byteOrder: floatHeader.byteOrder, dimensions: floatHeader.liftedDimensions,
                                      strides: floatHeader.strides)
            }
        }
        do { return try AttentionTensor(shape: floatHeader.dimensions, values: decoded) }
        catch { throw FormatError(path: path, error) }
    }

    /// The whole member's bytes (header and data), once every byte has arrived: for labels.
    func bytes() throws(FormatError) -> Data {
        guard let header, let needed else { throw truncated(nil) }
        guard received == needed else { throw truncated(header) }
        return raw
    }

    // MARK: header

    /// Moves the header's bytes from the front of `rest` into `raw` (never more), parsing the
    /// header once it is complete; returns how many bytes of `rest` it took.
    private mutating func takeHeaderBytes(from rest: Data.SubSequence) throws(FormatError) -> Int {
        var used = 0
        while header == nil {
            let target = try Self.reading(raw) { bytes throws(FormatError) in try RawNpyHeader.prefixLength(known: bytes, path: path) }
            guard target - 12 <= Npy.maximumHeaderLength else {
                throw .oversizedHeader(path: path, bytes: UInt64(target), limit: Npy.maximumHeaderLength)
            }
            if raw.count == target {  // the whole header is in
                try parseHeader()
                break
            }
            let n = min(target - raw.count, rest.count - used)
            guard n > 0 else { break }
            raw.append(contentsOf: rest.dropFirst(used).prefix(n))
            used += n
        }
        return used
    }

    private mutating func parseHeader() throws(FormatError) {
        let parsed = try Self.reading(raw) { bytes throws(FormatError) in try RawNpyHeader(parsing: bytes, path: path) }
        header = parsed
        received = raw.count
        let (total, overflow) = parsed.dataOffset.addingReportingOverflow(parsed.dataByteCount)
        guard !overflow else { throw .tooLarge(path: path, detail: "shape \(parsed.shape) is too large") }
        needed = total
        switch purpose {
        case .labels:
            // Unknown label dtypes are named by the label decoder; it needs only the header.
            if parsed.itemSize == nil { needed = parsed.dataOffset }
            try checkBudget(parsed.dataByteCount, parsed)
        case .tensor:
            let interpreted = try NpyHeader(parsed, availableDataBytes: nil, path: path)
            floatHeader = interpreted
            let (floatBytes, floatOverflow) = parsed.elementCount.multipliedReportingOverflow(by: MemoryLayout<Float>.stride)
            guard !floatOverflow else { throw .tooLarge(path: path, detail: "shape \(parsed.shape) is too large") }
            let cOrder = !interpreted.fortranOrder || interpreted.dimensions.filter { $0 > 1 }.count <= 1
            // Streaming keeps one copy (the floats); the strided path holds the raw bytes too.
            try checkBudget(cOrder ? floatBytes : floatBytes + parsed.dataByteCount, parsed)
            if cOrder && parsed.elementCount > 0 {
                values = [Float](repeating: 0, count: parsed.elementCount)
            }
        }
    }

    /// `body` over `data`'s bytes, keeping the error type (`Data.withUnsafeBytes` only rethrows).
    private static func reading<T>(_ data: Data, _ body: (UnsafeRawBufferPointer) throws(FormatError) -> T) throws(FormatError) -> T {
        let result: Result<T, FormatError> = data.withUnsafeBytes { bytes in
            do throws(FormatError) { return .success(try body(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private func checkBudget(_ bytes: Int, _ header: RawNpyHeader) throws(FormatError) {
        if let budget, bytes > budget {
            throw .tooLarge(path: path, detail: "shape \(header.shape) '\(header.descr)' needs \(bytes) bytes in memory, more than the \(budget)-byte limit")
        }
    }

    private func truncated(_ header: RawNpyHeader?) -> FormatError {
        guard let header else { return .truncated(path: path, detail: "the member ends inside its .npy header") }
        return .truncated(path: path, detail: "header claims \(header.shape) \(header.descr) = \(header.dataByteCount) bytes of data, the member holds \(received - header.dataOffset)")
    }

    // MARK: streaming conversion

    /// Converts whole elements of `piece` (with any bytes carried from the previous piece).
    private mutating func convert(_ piece: Data.SubSequence) {
        guard let floatHeader else { return }
        let width = floatHeader.scalarType.byteWidth
        let order = floatHeader.byteOrder
        let type = floatHeader.scalarType
        var input = piece
        values.withUnsafeMutableBufferPointer { out in
            if !carry.isEmpty {
                let fill = min(width - carry.count, input.count)
                carry += input.prefix(fill)
                input = input.dropFirst(fill)
                if carry.count == width {
                    out[converted] = carry.withUnsafeBytes { type.load(from: $0.baseAddress!, byteOrder: order) }
                    converted += 1
                    carry.removeAll(keepingCapacity: true)
                }
            }
            let whole = input.count / width
            input.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                for i in 0..<whole {
                    out[converted + i] = type.load(from: base + i * width, byteOrder: order)
                }
            }
            converted += whole
            carry += input.dropFirst(whole * width)
        }
    }
}
