import Foundation
import XCTest

/// Board/install.sh and Board/uninstall.sh in a throwaway root: files land where they should, a
/// second run changes nothing, an edited config survives, uninstall keeps or purges as asked.
final class InstallTests: XCTestCase {
    private var root: URL!
    private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    override func setUpWithError() throws {
        guard getuid() == 0 else {
            throw XCTSkip("install.sh creates a system user: these tests run as root (CI does)")
        }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wikichime-root-\(UUID().uuidString)")
        let etc = root.appendingPathComponent("etc")
        try FileManager.default.createDirectory(at: etc, withIntermediateDirectories: true)
        for file in ["passwd", "group", "shadow", "gshadow", "login.defs"] where FileManager.default.fileExists(atPath: "/etc/\(file)") {
            try FileManager.default.copyItem(atPath: "/etc/\(file)", toPath: etc.appendingPathComponent(file).path)
        }
    }

    override func tearDownWithError() throws {
        if let root { try? FileManager.default.removeItem(at: root) }
    }

    private func script(_ name: String, _ arguments: [String]) throws -> Wikichime.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [packageRoot.appendingPathComponent("Board/\(name)").path] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Wikichime.Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    private func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    private func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)!
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = path(relative)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
               (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) == nil {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return files
    }

    func testInstallTwiceThenUninstall() throws {
        let binary = try Wikichime.binary.path
        let first = try script("install.sh", ["--root", root.path, "--binary", binary])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: path("usr/local/bin/wikichime")))
        // The package's unit, running the binary install.sh put in /usr/local/bin.
        let shipped = try String(contentsOf: packageRoot.appendingPathComponent("Board/wikichime.service"), encoding: .utf8)
        XCTAssertEqual(try String(contentsOfFile: path("etc/systemd/system/wikichime.service"), encoding: .utf8),
                       shipped.replacingOccurrences(of: "\nExecStart=/usr/bin/wikichime ", with: "\nExecStart=/usr/local/bin/wikichime "))
        XCTAssertTrue(shipped.contains("\nExecStart=/usr/bin/wikichime "), "the shipped unit runs /usr/bin/wikichime")
        XCTAssertEqual(try String(contentsOfFile: path("etc/modules-load.d/wikichime.conf"), encoding: .utf8),
                       try String(contentsOf: packageRoot.appendingPathComponent("Board/debian/modules-load.conf"), encoding: .utf8))
        XCTAssertEqual(try String(contentsOfFile: path("etc/wikichime.conf"), encoding: .utf8),
                       try String(contentsOf: packageRoot.appendingPathComponent("Config/wikichime.conf"), encoding: .utf8))
        let passwd = try String(contentsOfFile: path("etc/passwd"), encoding: .utf8)
        XCTAssertTrue(passwd.contains("wikichime:x:"), passwd)
        let group = try String(contentsOfFile: path("etc/group"), encoding: .utf8)
        for name in ["audio", "gpio"] {
            let line = group.split(separator: "\n").first { $0.hasPrefix("\(name):") } ?? ""
            XCTAssertTrue(line.hasSuffix("wikichime") || line.contains("wikichime,") || line.contains(",wikichime"), "\(name): \(line)")
        }
        XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(
            atPath: path("etc/systemd/system/multi-user.target.wants/wikichime.service")), "the unit is not enabled")

        // A second run changes nothing.
        let before = try snapshot()
        let second = try script("install.sh", ["--root", root.path, "--binary", binary])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try snapshot(), before)
        XCTAssertFalse(second.stdout.contains("installed"), second.stdout)

        // An edited config survives a reinstall; the shipped one goes beside it.
        try "volume = 20\n".write(toFile: path("etc/wikichime.conf"), atomically: true, encoding: .utf8)
        let third = try script("install.sh", ["--root", root.path, "--binary", binary])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("etc/wikichime.conf"), encoding: .utf8), "volume = 20\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("etc/wikichime.conf.dist")))
        XCTAssertTrue(third.stdout.contains("kept your edited"), third.stdout)

        // Uninstall keeps the config and the user; --purge removes them.
        let removed = try script("uninstall.sh", ["--root", root.path])
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("usr/local/bin/wikichime")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("etc/systemd/system/wikichime.service")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("etc/modules-load.d/wikichime.conf")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("etc/wikichime.conf")))
        let purged = try script("uninstall.sh", ["--root", root.path, "--purge"])
        XCTAssertEqual(purged.status, 0, purged.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("etc/wikichime.conf")))
        XCTAssertFalse(try String(contentsOfFile: path("etc/passwd"), encoding: .utf8).contains("wikichime:x:"))
    }

    func testUnitIsHardenedAndNotifies() throws {
        let unit = try String(contentsOf: packageRoot.appendingPathComponent("Board/wikichime.service"), encoding: .utf8)
        for line in ["Type=notify", "WatchdogSec=", "Restart=always", "StartLimitBurst=", "User=wikichime",
                     "SupplementaryGroups=audio gpio", "StateDirectory=wikichime", "RuntimeDirectory=wikichime",
                     "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes",
                     "CapabilityBoundingSet=\n", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
                     "DeviceAllow=/dev/null rw", "ExecReload=/bin/kill -HUP $MAINPID",
                     "After=network-online.target sound.target"] {
            XCTAssertTrue(unit.contains(line), line)
        }
    }
}
