#if canImport(Glibc)
import Glibc
#endif

/// Keeps memory the process frees for its next allocations instead of returning it to the
/// system: `run` turns this on before its forward passes.
///
/// A forward pass allocates its attention tensor and scratch arrays of hundreds of megabytes.
/// glibc serves blocks that large with `mmap` and unmaps them on `free`, so every pass after the
/// first (generation's final pass, `--bench-repeat`) gets fresh pages that the kernel must fault
/// in and zero: about 15% of a 512-token SmolLM2 pass went to `clear_page`. With `mmap` off and
/// trimming off, freed blocks stay in the heap and the next pass reuses them. A one-shot run is
/// unchanged (its pages are fresh either way); the process's resident size after a pass stays at
/// its peak, which costs nothing in a command that exits. `serve` does not use this: it returns
/// memory after each job (`MemoryTrimmer`).
enum HeapReuse {
    /// Turns reuse on (glibc only; elsewhere nothing happens).
    static func enable() {
        #if canImport(Glibc)
        // glibc's `int mallopt(int, int)`: Swift's Glibc module does not declare it.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        let trimThreshold: Int32 = -1, mmapMax: Int32 = -4   // M_TRIM_THRESHOLD, M_MMAP_MAX in <malloc.h>
        _ = mallopt(mmapMax, 0)
        _ = mallopt(trimThreshold, -1)   // -1: never trim the top of the heap
        #endif
    }
}
