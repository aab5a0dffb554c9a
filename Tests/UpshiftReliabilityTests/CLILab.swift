import Foundation
import Testing
@testable import UpshiftLab

/// A 1+1+2 lab behind real sshd, driven only through the `upshift` executable, with a saved
/// pristine cloud: `restore()` puts the identical fresh cloud back (same passwords, tenant ids and
/// host keys), so an uninterrupted run and a killed-and-resumed run start from the same state.
final class CLILab {
    let root: String
    let dir: String
    let planPath: String
    private let pristine: Data

    /// `lab up` with a fresh cloud, then `plan --method live` for it.
    init(computes: Int = 2, timeFactor: Double = 0.005) async throws {
        root = NSTemporaryDirectory() + "upshift-rel-" + UUID().uuidString.prefix(8)
        dir = root + "/lab"
        planPath = root + "/plan.json"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let octet = Int.random(in: 201...250)
        let up = try await CLIProcess.run(["lab", "up", "--computes", "\(computes)", "--dir", dir, "--octet", "\(octet)", "--fresh",
                                     "--time-factor", "\(timeFactor)"], scratch: root)
        guard up.status == 0 else { throw HarnessError("lab up failed: \(up.stderr)") }
        pristine = try Data(contentsOf: URL(fileURLWithPath: dir + "/state.json"))
        let plan = try await CLIProcess.run(["plan", "--inventory", dir + "/inventory.yaml", "--method", "live", "-o", planPath], scratch: root)
        guard plan.status == 0 else { throw HarnessError("plan failed: \(plan.stderr)") }
    }

    /// Stops every sshd of the lab and removes its files (blocks briefly: it runs in `defer`).
    func down() {
        if let p = try? CLIProcess.start(["lab", "down", "--dir", dir], stdout: root + "/down.out", stderr: root + "/down.err") { p.waitUntilExit() }
        // A `hangs` command whose ssh client was killed outlives its sshd session: end it (ours: it names our lab dir).
        for pid in ProcTable.pids(whereCommandLineContains: "lab shell --dir \(dir)") { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Puts the pristine cloud back and empties the command log (sshd keeps serving it).
    func restore() throws {
        try pristine.write(to: URL(fileURLWithPath: dir + "/state.json"), options: .atomic)
        try? FileManager.default.removeItem(atPath: dir + "/commands.log")
    }

    func applyArgs(state: String) -> [String] {
        ["apply", planPath, "--inventory", dir + "/inventory.yaml", "--yes", "--state", state, "--ssh-config", dir + "/ssh_config", "--output", "json"]
    }

    func resumeArgs(state: String) -> [String] { ["resume", "--yes", "--state", state, "--output", "json"] }

    /// `upshift lab ARGS --dir DIR`, which must succeed.
    func labCLI(_ args: [String]) async throws {
        let r = try await CLIProcess.run(["lab"] + args + ["--dir", dir], scratch: root)
        guard r.status == 0 else { throw HarnessError("lab \(args.joined(separator: " ")): \(r.stderr)") }
    }

    var state: LabState { get throws { try FileLabStore(directory: URL(fileURLWithPath: dir)).read() } }

    /// What an operator compares after an upgrade: per host its packages, daemons (state, enabled,
    /// code release) and config files (backups `*.upshift-<stamp>` left out: their names carry the
    /// time), the schema versions, and disabled compute services. Faults are left out.
    func cloud() throws -> [String] {
        let s = try state
        return s.hosts.flatMap { h in
            h.packages.sorted { $0.key < $1.key }.map { "\(h.name) pkg \($0.key)=\($0.value)" }
                + h.daemons.sorted { $0.key < $1.key }.map { "\(h.name) daemon \($0.key) \($0.value.state) enabled=\($0.value.enabled) \($0.value.codeVersion ?? "-")" }
                + h.files.filter { !$0.key.contains(".upshift-") }.sorted { $0.key < $1.key }
                    .map { "\(h.name) file \($0.key) \($0.value.mode) \($0.value.owner):\($0.value.group) \(Self.digest($0.value.content))" }
        } + s.databases.sorted { $0.key < $1.key }.map { "db \($0.key)=\($0.value)" } + s.disabledServices.keys.sorted().map { "disabled \($0)" }
    }

    /// A stable short fingerprint of a file's content (FNV-1a; `hashValue` is seeded per process).
    static func digest(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return String(h, radix: 16)
    }

    /// The command log's lines on `host` whose command contains `text`.
    func logCount(host: String, _ text: String) -> Int {
        CLIProcess.text(dir + "/commands.log").split(separator: "\n").filter { $0.contains(" \(host) exit=") && $0.contains(text) }.count
    }
}

/// The journal as `upshift status --output json` shows it.
struct StatusView {
    var runState: String
    var units: [(step: String, host: String, state: String, attempts: Int, message: String)]
    var eventKinds: [String]

    init(state: String, scratch: String) async throws {
        let r = try await CLIProcess.run(["status", "--state", state, "--output", "json"], scratch: scratch)
        guard r.status == 0, let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw HarnessError("status --output json failed (\(r.status)): \(r.stderr)")
        }
        runState = json["state"] as? String ?? "?"
        units = (json["units"] as? [[String: Any]] ?? []).map {
            ($0["step"] as? String ?? "?", $0["host"] as? String ?? "?", $0["state"] as? String ?? "?", $0["attempts"] as? Int ?? -1, $0["message"] as? String ?? "")
        }
        eventKinds = (json["events"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
    }

    /// `step host state` per unit, in plan order: what must equal an uninterrupted run's.
    var finalStates: [String] { units.map { "\($0.step) \($0.host) \($0.state)" } }
    func units(in state: String) -> [String] { units.filter { $0.state == state }.map { "\($0.step) \($0.host)" } }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
