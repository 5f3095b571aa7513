// swift-tools-version:6.0
// Size probes for Board/cross/measure-sizes.sh: the smallest programs that use each dependency,
// built like wikichime (aarch64, release, static Swift runtime, stripped).
import PackageDescription

let package = Package(
    name: "probes",
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // The Swift runtime alone.
        .executableTarget(name: "stdlib"),
        // FoundationEssentials (what swift-argument-parser imports when it can): JSONEncoder, Data.
        .executableTarget(name: "essentials"),
        .executableTarget(name: "logging", dependencies: [.product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "argparser", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "argparser-logging",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)
