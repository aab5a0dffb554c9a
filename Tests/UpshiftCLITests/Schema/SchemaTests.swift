import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
@testable import UpshiftCLI
import UpshiftTestSupport

/// Real outputs of the built `upshift` (and of the code behind discover and probe) validated against
/// docs/schemas; the status, report and event-stream schemas are checked on the lab end-to-end runs
/// (CLIUpgradeEndToEndTests), where a real journal exists.
@Suite("JSON outputs match the published schemas")
struct SchemaTests {
    static let binary = ProcessInfo.processInfo.environment["UPSHIFT_BINARY"] ?? SchemaCheck.root.appendingPathComponent(".build/debug/upshift").path

    /// Runs the binary in `cwd`; (exit status, stdout, stderr).
    static func upshift(_ args: [String], cwd: String? = nil) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-schema-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil); FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out); p.standardError = try FileHandle(forWritingTo: err)
        try p.run(); p.waitUntilExit()
        return (p.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }

    @Test("a saved plan matches plan.schema.json")
    func plan() throws {
        let out = try Self.scratch() + "/plan.json"
        let (code, _, err) = try Self.upshift(["plan", "--inventory", SchemaCheck.root.appendingPathComponent("examples/rdo-22.yaml").path,
                                               "--method", "live", "-o", out])
        #expect(code == 0, "\(err)")
        #expect(try SchemaCheck.problems("plan", text: String(contentsOfFile: out, encoding: .utf8)) == [])
    }

    @Test("an error with --output json is one JSON object on stdout with id, file, message and fix")
    func errors() throws {
        let (code, out, err) = try Self.upshift(["plan", "--inventory", "/nonexistent/inventory.yaml", "--output", "json"])
        #expect(code == 65 && err.contains("no such file"))
        #expect(try SchemaCheck.problems("diagnostics", text: out) == [])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let first = try #require((json["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["id"] as? String == "input.missing" && first["file"] as? String == "/nonexistent/inventory.yaml")
        #expect(json["exit_code"] as? Int == 65 && json["ok"] as? Bool == false)
        let usage = try Self.upshift(["plan", "--no-such-flag", "--output", "json"])
        #expect(usage.0 == 64)
        #expect(try SchemaCheck.problems("diagnostics", text: usage.1) == [])
    }

    @Test("a schema check fails on a document that breaks it (so the checks above can fail)")
    func negative() throws {
        #expect(try !SchemaCheck.problems("diagnostics", text: #"{"ok": false, "exit_code": 1, "diagnostics": [{"id": "x"}]}"#).isEmpty)
        #expect(try !SchemaCheck.problems("plan", text: #"{"format_version": 1}"#).isEmpty)
    }

    @Test("discover's facts match facts.schema.json and the probe's report matches probe.schema.json")
    func factsAndProbe() async throws {
        let dir = try Self.scratch()
        let inv = dir + "/inventory.yaml"
        try DiscoverProbeRunTests.inventory.write(toFile: inv, atomically: true, encoding: .utf8)
        _ = try await DiscoverRun.execute(inventoryPath: inv, packName: "havana-icehouse", output: dir + "/facts.json", parallel: 2,
                                          transport: FakeCloudTransport())
        #expect(try SchemaCheck.problems("facts", text: String(contentsOfFile: dir + "/facts.json", encoding: .utf8)) == [])
        var options = ProbeOptions(duration: .seconds(1))
        options.interval = .milliseconds(100)
        _ = try await ProbeRun.execute(inventoryPath: inv, packName: "havana-icehouse", options: options, json: false,
                                       output: dir + "/probe.json", transport: FakeCloudTransport(), clock: JumpingClock())
        #expect(try SchemaCheck.problems("probe", text: String(contentsOfFile: dir + "/probe.json", encoding: .utf8)) == [])
    }

    @Test("config lint --output json matches diagnostics.schema.json; config migrate --output json writes no file named json")
    func config() throws {
        let dir = try Self.scratch()
        try "[DEFAULT]\nlibvirt_vif_driver = nova.virt.libvirt.vif.LibvirtHybridOVSBridgeDriver\n".write(toFile: dir + "/nova.conf", atomically: true, encoding: .utf8)
        let lint = try Self.upshift(["config", "lint", "nova.conf", "--output", "json"], cwd: dir)
        #expect(try SchemaCheck.problems("diagnostics", text: lint.1) == [], "\(lint.2)")
        let migrate = try Self.upshift(["config", "migrate", "nova.conf", "--output", "json"], cwd: dir)
        #expect(migrate.0 == 0, "\(migrate.2)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/json"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(migrate.1.utf8)) as? [String: Any])
        #expect(json["changed"] as? Bool == true && (json["diff"] as? String)?.contains("-libvirt_vif_driver") == true)
    }

    @Test("--version prints the version plans and reports record")
    func version() throws {
        let (code, out, _) = try Self.upshift(["--version"])
        #expect(code == 0 && out.trimmingCharacters(in: .whitespacesAndNewlines) == UpshiftVersion.current)
    }
}
