// swift-tools-version:6.0
// Builds with the host Swift 6.3.1 and with Debian's Swift 6.2.3 (the aarch64 cross build):
// use no language or package features newer than 6.0 here.
import Foundation
import PackageDescription

let package = Package(
    name: "wikichime",
    products: [
        .executable(name: "wikichime", targets: ["wikichime"]),
        // For tests only: a paced ALSA test device (an ioplug plugin) that libasound loads by path.
        .library(name: "WikichimeTestPCM", type: .dynamic, targets: ["WikichimeTestPCM"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libcurl: the module map names the library; no pkgConfig (see Board/ cross build notes).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        // libc's GNU extensions that Swift's Glibc module hides (memmem).
        .target(name: "CSupport"),
        // The platform: threads and locks, clocks, files, system-call errors, `key = value` text,
        // JSON text, number formatting, the version. Over Glibc only: no Foundation.
        .target(name: "Platform"),
        .target(
            name: "EditStream",
            dependencies: [
                "CCurl",
                "CSupport",
                "Platform",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Listen to Wikipedia's rules: edit → note, swell or nothing. Pure: no clock, no I/O.
        .target(name: "Score", dependencies: ["EditStream"]),
        // Instruments, voices, mixer, limiter, master volume. Pure: no clock, no I/O.
        .target(name: "Synth"),
        // libasound: a C target, because ALSA's error handler is variadic and Swift cannot be one.
        .target(name: "CALSA", linkerSettings: [.linkedLibrary("asound")]),
        // Sinks (ALSA, WAV file, null) and the audio thread that feeds them from the synth.
        .target(
            name: "Audio",
            dependencies: [
                "CALSA", "Synth", "Score", "Platform",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // libgpiod, v1 (1.6, Debian 12) or v2 (2.x, Debian 13): a C shim with one API over both,
        // choosing by the installed header (only v1's defines GPIOD_LINE_BULK_MAX_LINES).
        .target(name: "CGPIOD", linkerSettings: [.linkedLibrary("gpiod")]),
        // LEDs and buttons: pure state machines (debounce, long press, flashes, status, language
        // ring), board profiles, and the panel over a libgpiod backend or a fake one.
        .target(
            name: "Panel",
            dependencies: [
                "CGPIOD",
                "Platform",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command line: options, subcommands and help, declared as data (see CommandLineTool.swift
        // for why not swift-argument-parser).
        .target(name: "Arguments", dependencies: ["Platform"]),
        // The box as an appliance: config file, state file, systemd notify, status.
        .target(
            name: "Appliance",
            dependencies: [
                "EditStream", "Score", "Platform",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "wikichime",
            dependencies: [
                "Appliance",
                "Panel",
                "Platform",
                "EditStream",
                "Score",
                "Synth",
                "Audio",
                "Arguments",
                "Bench",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The measuring code of the benchmarks, shared by wikichime-bench and `wikichime bench`
        // (which runs on the box, with a built-in corpus). Numbers only; nothing asserts speed.
        .target(
            name: "Bench",
            dependencies: ["EditStream", "Score", "Synth", "Audio", "Platform", .product(name: "Logging", package: "swift-log")]
        ),
        // Benchmarks print numbers; they never assert (see Tests/Benchmarks/README.md).
        .executableTarget(
            name: "wikichime-bench",
            dependencies: ["Arguments", "Bench", "EditStream", "Platform"]
        ),
        // The soak: a day of the stream through every part on a virtual clock (Tests/Soak/README.md).
        .executableTarget(
            name: "wikichime-soak",
            dependencies: ["Arguments", "EditStream", "Score", "Synth", "Audio", "Panel", "Platform", .product(name: "Logging", package: "swift-log")]
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
                "Platform",
                "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        // The paced ALSA test device: consumes frames at a set speed of real time, and injects
        // underruns, unplugging and stalls on request (see Tests/TestPCM/README.md).
        .target(
            name: "WikichimeTestPCM",
            path: "Tests/TestPCM",
            cSettings: [.define("PIC")],
            linkerSettings: [.linkedLibrary("asound")]
        ),
        .testTarget(
            name: "ApplianceTests",
            dependencies: ["Appliance", "EditStream", "Platform", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "PanelTests",
            dependencies: [
                "Panel",
                "Platform",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ArgumentsTests", dependencies: ["Arguments"]),
        .testTarget(name: "PlatformTests", dependencies: ["Platform", "TestSupport"]),
        .testTarget(name: "ScoreTests", dependencies: ["Score", "EditStream", "TestSupport"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth", "TestSupport"]),
        // The benchmark library's behaviour (corpus, report, JSON); never its speed.
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Audio", "EditStream", "TestSupport"]),
        .testTarget(
            name: "AudioTests",
            dependencies: [
                "Audio", "Synth", "Score", "Platform", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        // Runs the built `wikichime` binary as a person would.
        .testTarget(
            name: "WikichimeCLITests",
            dependencies: ["wikichime", "EditStream", "Platform", "TestSupport"]
        ),
    ]
)

// libFuzzer targets (Tests/Fuzz): they have no `main` (libFuzzer brings it), so they exist only
// when Tests/Fuzz/run.sh builds them with WIKICHIME_FUZZ=1 and -sanitize=fuzzer.
if ProcessInfo.processInfo.environment["WIKICHIME_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzSupport", path: "Tests/Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzSSE", dependencies: ["EditStream", "FuzzSupport"], path: "Tests/Fuzz/FuzzSSE"),
        .executableTarget(name: "FuzzEvent", dependencies: ["EditStream", "Score", "FuzzSupport"], path: "Tests/Fuzz/FuzzEvent"),
        .executableTarget(name: "FuzzConfig", dependencies: ["Appliance", "FuzzSupport"], path: "Tests/Fuzz/FuzzConfig"),
    ]
}
