public enum VTools { public static let version = "0.1.0" }
