// swift-tools-version:6.0
// Builds with the host Swift 6.3.1 and with Debian's Swift 6.2.3 (the aarch64 cross build):
// use no language or package features newer than 6.0 here.
import PackageDescription

let package = Package(
    name: "wikichime",
    products: [
        .executable(name: "wikichime", targets: ["wikichime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libcurl: the module map names the library; no pkgConfig (see Board/ cross build notes).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        // libc's GNU extensions that Swift's Glibc module hides (memmem).
        .target(name: "CSupport"),
        .target(
            name: "EditStream",
            dependencies: [
                "CCurl",
                "CSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "wikichime",
            dependencies: [
                "EditStream",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Benchmarks print numbers; they never assert (see Tests/Benchmarks/README.md).
        .executableTarget(
            name: "wikichime-bench",
            dependencies: ["EditStream"]
        ),
        // Shared by the test targets: the recorded fixtures and a misbehaving EventStreams server.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EditStreamTests",
            dependencies: [
                "EditStream",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        // Runs the built `wikichime` binary as a person would.
        .testTarget(
            name: "WikichimeCLITests",
            dependencies: ["wikichime", "EditStream", "TestSupport"]
        ),
    ]
)
