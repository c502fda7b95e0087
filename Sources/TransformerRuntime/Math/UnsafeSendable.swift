/// A pointer handed to worker threads that write disjoint parts of what it points to.
struct UnsafeSendable<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>
    init(_ pointer: UnsafePointer<T>) { self.pointer = pointer }
}

/// A mutable pointer handed to worker threads that each write a disjoint part of what it points to.
struct UnsafeMutableSendable<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
