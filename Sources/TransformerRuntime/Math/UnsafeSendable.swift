/// A pointer handed to worker threads that write disjoint parts of what it points to.
struct UnsafeSendable<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>
    init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }
}
