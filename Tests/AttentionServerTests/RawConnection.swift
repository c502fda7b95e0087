import TestSupport

/// The raw TCP client lives in TestSupport (the CLI's serve tests use it too).
typealias RawConnection = TestSupport.RawConnection
