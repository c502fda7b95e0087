#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The CBLAS library, opened on first use rather than linked: a process that never runs a
/// model (`attnviz heatmap`, `text`, `explore`) never loads it, and so never pays for the thread
/// pool OpenBLAS starts when it loads (its idle threads spin for about 0.1 s of CPU). The forward
/// pass calls it single-threaded from its own `Workers`.
///
/// ```swift
/// let blas = try BLASLibrary.load()     // throws a clear error when no CBLAS is installed
/// ```
struct BLASLibrary: @unchecked Sendable {
    typealias Sgemm = @convention(c) (
        Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
        UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void

    /// CBLAS constants (the values every cblas.h uses).
    static let rowMajor: Int32 = 101
    static let noTranspose: Int32 = 111
    static let transpose: Int32 = 112

    /// `cblas_sgemm`.
    let sgemm: Sgemm

    /// Where a CBLAS is looked for, in order.
    #if os(macOS)
    static let candidates = ["libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
                             "/usr/local/opt/openblas/lib/libopenblas.dylib",
                             "/System/Library/Frameworks/Accelerate.framework/Accelerate"]
    #else
    static let candidates = ["libopenblas.so.0", "libopenblas.so"]
    #endif

    private static let loaded: Result<BLASLibrary, RuntimeError> = {
        for name in candidates {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let symbol = dlsym(handle, "cblas_sgemm") else { continue }
            if let setThreads = dlsym(handle, "openblas_set_num_threads") {
                unsafeBitCast(setThreads, to: SetThreads.self)(1)
            }
            return .success(BLASLibrary(sgemm: unsafeBitCast(symbol, to: Sgemm.self)))
        }
        return .failure(.file(path: candidates[0], problem: "no CBLAS library found (tried \(candidates.joined(separator: ", "))); "
                              + "install OpenBLAS: apt-get install libopenblas0"))
    }()

    /// The library, opened once.
    static func load() throws(RuntimeError) -> BLASLibrary { try loaded.get() }

    /// The library for the forward pass, which only runs after `TransformerModel` has loaded it.
    static var shared: BLASLibrary {
        switch loaded {
        case .success(let library): return library
        case .failure(let error): preconditionFailure("BLAS used before TransformerModel checked it: \(error)")
        }
    }
}
