// swift-tools-version:6.0
// vtools: small, fast Unix tools for the JSON Lines event logs of AI coding agents.
// No package dependencies, by design: everything beyond the toolchain lives in VCore.
import PackageDescription

let tools = ["vexport", "vtail", "vcount", "vgen"]

let package = Package(
    name: "vtools",
    products: tools.map { .executable(name: $0, targets: [$0]) },
    targets: [
        .target(name: "VCore"),
    ] + tools.map { .executableTarget(name: $0, dependencies: ["VCore"]) } + [
        .testTarget(name: "VCoreTests", dependencies: ["VCore"]),
    ] + tools.map { .testTarget(name: "\($0)Tests", dependencies: [.target(name: $0), "VCore"]) } + [
        // make stress: fault injection, concurrency, rotation model (not part of make test).
        .testTarget(name: "StressTests", dependencies: ["VCore"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["VCore"],
            resources: [.copy("Cases")]
        ),
    ]
)
