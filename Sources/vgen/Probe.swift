struct vgenProbe { static let ok = true }
