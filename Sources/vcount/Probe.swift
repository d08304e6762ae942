struct vcountProbe { static let ok = true }
