struct vtailProbe { static let ok = true }
