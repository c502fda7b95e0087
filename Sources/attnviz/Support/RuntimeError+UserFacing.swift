import TransformerRuntime

extension RuntimeError: UserFacingError {
    var userMessage: String { description }
}
