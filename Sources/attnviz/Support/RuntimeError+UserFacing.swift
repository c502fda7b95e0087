import TransformerRuntime

extension RuntimeError: UserFacingError {
    /// The runtime's message, plus the flag that changes the outcome.
    var userMessage: String {
        switch self {
        case .tooLong:
            return description + " (drop --no-truncate to truncate)"
        default:
            return description
        }
    }
}
