import Attention

/// JSON nested arrays of numbers, one to four levels deep: `[[0.9, 0.1], [0.3, 0.7]]` is a
/// matrix, `[layers][heads][queries][keys]` a full tensor. Every row must have the same length.
///
/// ```swift
/// let tensor = try JSONNestedArrays.tensor(from: value, path: "attn.json")
/// ```
public enum JSONNestedArrays {
    /// Converts nested arrays to a tensor, rejecting ragged rows and non-numbers with their position.
    public static func tensor(from value: JSONValue, path: String, field: String? = nil) throws(FormatError) -> AttentionTensor {
        func fail(_ problem: String, ragged: Bool) -> FormatError {
            let detail = field.map { "\"\($0)\": " + problem } ?? problem
            return ragged ? .ragged(path: path, detail: detail) : .malformed(path: path, problem: detail)
        }
        // The shape follows the first element at every depth.
        var shape = [Int]()
        var probe = value
        while case .array(let elements) = probe {
            shape.append(elements.count)
            guard let first = elements.first else { break }
            probe = first
        }
        guard !shape.isEmpty else { throw fail("expected nested arrays of numbers, got \(value.kindName)", ragged: false) }
        var dims = shape
        if dims.count > 4 {
            let extra = dims.count - 4
            guard dims[0..<extra].allSatisfy({ $0 == 1 }) else {
                throw fail("arrays nested \(dims.count) deep \(dims); expected at most 4 [layers, heads, queries, keys]", ragged: false)
            }
            dims = Array(dims[extra...])
        }
        var values = [Float]()
        // The shape comes from the first element at each depth: capped, since later rows may be
        // shorter (ragged, an error found only while flattening).
        values.reserveCapacity(min(shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? 0 : $0 * $1 }, 1 << 22))
        var position = [Int]()
        try flatten(value, depth: 0, shape: shape, position: &position, into: &values, fail: fail)
        do { return try AttentionTensor(shape: dims, values: values) } catch { throw FormatError(path: path, error) }
    }

    private static func flatten(
        _ value: JSONValue, depth: Int, shape: [Int], position: inout [Int], into values: inout [Float],
        fail: (String, Bool) -> FormatError
    ) throws(FormatError) {
        func place() -> String { position.isEmpty ? "top level" : position.map { "[\($0)]" }.joined() }
        if depth == shape.count {
            guard case .number(let number) = value else {
                throw fail("expected a number at \(place()), got \(value.kindName)" + (value.arrayElements != nil ? " (ragged: nested deeper than element [0])" : ""), value.arrayElements != nil)
            }
            values.append(Float(number))
            return
        }
        guard case .array(let elements) = value else {
            throw fail("ragged arrays: \(place()) is \(value.kindName), expected an array of \(shape[depth])", true)
        }
        guard elements.count == shape[depth] else {
            throw fail("ragged rows: \(place()) has \(elements.count) elements, expected \(shape[depth]) like the first", true)
        }
        if depth == shape.count - 1 {
            // Innermost rows: numbers only, no position bookkeeping unless something is wrong.
            for (i, element) in elements.enumerated() {
                guard case .number(let number) = element else {
                    position.append(i)
                    throw fail("expected a number at \(place()), got \(element.kindName)" + (element.arrayElements != nil ? " (ragged: nested deeper than element [0])" : ""), element.arrayElements != nil)
                }
                values.append(Float(number))
            }
            return
        }
        for (i, element) in elements.enumerated() {
            position.append(i)
            try flatten(element, depth: depth + 1, shape: shape, position: &position, into: &values, fail: fail)
            position.removeLast()
        }
    }
}
