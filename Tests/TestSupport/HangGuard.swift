import Testing

extension Trait where Self == TimeLimitTrait {
    /// The one time limit every suite carries: a guard against a hang, not a speed check.
    ///
    /// Swift Testing starts a test's clock when the test is scheduled, not when it first runs on
    /// a thread. On this 2-core machine the cooperative pool has two threads, and the model and
    /// browser suites hold them for minutes, so a one-second NumPy check scheduled at the start
    /// can first run six minutes later. A limit shorter than the whole `swift test` run therefore
    /// fails fast tests for being queued (CI failed that way once: every `Npy`, `Safetensors` and
    /// `convert` test "exceeded 5 minutes" in a 6-minute run). Thirty minutes is several times the
    /// longest group, and each child process has its own deadline in `BoundedProcess`.
    public static var hangGuard: Self { .timeLimit(.minutes(30)) }
}
