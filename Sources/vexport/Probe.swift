struct vexportProbe { static let ok = true }
