/// Visiting every head of a tensor in order while keeping resident memory small (each head of
/// a memory-mapped tensor hands its pages back to the kernel once read).
///
/// ```swift
/// var high = -Float.infinity
/// let visited = try tensor.forEachMatrix(elementBudget: 16 << 20) { layer, head, m in
///     high = max(high, m.finiteRange?.upperBound ?? high)
/// }
/// ```
extension AttentionTensor {
    /// Calls `body` with each `(layer, head, matrix)` in order, stopping before the total number
    /// of elements visited would exceed `elementBudget` (at least one head is always visited).
    /// Returns how many heads were visited.
    @discardableResult
    public func forEachMatrix(
        elementBudget: Int = .max, _ body: (Int, Int, AttentionMatrix) throws(AttentionError) -> Void
    ) throws(AttentionError) -> Int {
        let perHead = shape.queries * shape.keys
        var visited = 0
        for layer in 0..<shape.layers {
            for head in 0..<shape.heads {
                if visited > 0, (visited + 1).multipliedReportingOverflow(by: perHead).partialValue > elementBudget { return visited }
                let m = try matrix(layer: layer, head: head)
                try body(layer, head, m)
                visited += 1
            }
        }
        return visited
    }

    /// For mapped storage, tells the kernel the pages of one head are no longer needed.
    public func releasePages(layer: Int, head: Int) {
        guard case .mapped(let region) = storage, shape.queries > 0, shape.keys > 0 else { return }
        let s = region.strides
        let width = region.scalarType.byteWidth
        let first = region.byteOffset + (layer * s[0] + head * s[1]) * width
        let span = ((shape.queries - 1) * s[2] + (shape.keys - 1) * s[3] + 1) * width
        region.file.release(byteRange: first..<(first + span))
    }

    /// Bytes the tensor occupies where it is stored (file bytes for mapped storage, the factors'
    /// bytes for factored storage).
    public var storedByteCount: Int {
        if case .factored(let factored) = storage { return factored.storedByteCount }
        return (shape.checkedElementCount ?? .max).multipliedReportingOverflow(by: storedScalarType.byteWidth).partialValue
    }

    /// The queries and keys behind factored storage, else `nil`.
    public var factored: FactoredAttention? {
        if case .factored(let factored) = storage { return factored }
        return nil
    }

    /// The same tensor, but reading a mapped matrix holding NaN or infinity throws. In-memory
    /// tensors are returned unchanged (check them with `checkFinite()`).
    public func rejectingNonFiniteOnRead() -> AttentionTensor {
        guard case .mapped(var region) = storage else { return self }
        region.rejectsNonFinite = true
        // Same dimensions as before, so this cannot fail.
        return (try? AttentionTensor(shape: storedDimensions, mapped: region)) ?? self
    }
}
