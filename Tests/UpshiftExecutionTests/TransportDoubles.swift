import Foundation
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// Records every command per host and answers like a healthy Havana→Icehouse cloud would.
///
/// `@unchecked Sendable`: `log` is only touched while `lock` is held.
final class RecordingTransport: HostTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [(HostName, String)] = []
    /// Output overrides: when a script contains the key, answer with this result.
    var answers: [String: CommandResult] = [:]

    func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
        lock.withLock { log.append((host.name, command.script)) }
        for (needle, result) in answers where command.script.contains(needle) { return result }
        let s = command.script
        if s.contains("rpm -q") { return CommandResult(exitStatus: 0, stdout: Array("2014.1.3\n".utf8)) }
        if s.contains("nova service-list") {
            return CommandResult(exitStatus: 0, stdout: Array("| nova-compute | \(s.split(separator: " ").last!) | nova | enabled | up |\n".utf8))
        }
        if s.contains("keystone tenant-get") || s.contains("tenant") {
            return CommandResult(exitStatus: 0, stdout: Array("| Property | Value |\n| id | 0123abcd |\n| name | services |\n".utf8))
        }
        return CommandResult(exitStatus: 0)
    }

    var commands: [(host: HostName, script: String)] { lock.withLock { log.map { ($0.0, $0.1) } } }
    func count(_ needle: String, on host: HostName? = nil) -> Int {
        commands.filter { ($0.host == host || host == nil) && $0.script.contains(needle) }.count
    }
}

/// Unreachable for some hosts, like a compute that stopped answering; others go to `inner`.
struct FailingTransport: HostTransport {
    var inner: any HostTransport
    var unreachable: Set<HostName>
    func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
        if unreachable.contains(host.name) { throw TransportError(.unreachable, host: host.name, message: "ssh: connect to host port 22: No route to host") }
        return try await inner.run(command, on: host)
    }
}

/// Stands in for the config engineer's editor: records each edit and checks it gets the run's variables.
///
/// `@unchecked Sendable`: `edits` is only touched while `lock` is held.
final class RecordingConfigEditor: ConfigEditPerforming, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [UnitKey] = []
    func perform(_ step: Step, on host: HostTarget, transport: any HostTransport, context: PerformContext, secrets: SecretStore) async -> StepOutcome {
        lock.withLock { log.append(UnitKey(step: step.id, host: host.name)) }
        return StepOutcome(.succeeded, message: "edited \(step.params.file ?? "")")
    }
    var edits: [UnitKey] { lock.withLock { log } }
}

/// The built-in pack and a small RDO cloud: one controller, one network node, computes.
enum CloudFixture {
    static var packText: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("Sources/UpshiftCLI/Packs/havana-icehouse.yaml"), encoding: .utf8)) ?? ""
    }
    static func pack() throws -> Pack { try PackLoader.load(text: packText, sourceName: "havana-icehouse.yaml") }

    /// The built-in platforms (Sources/UpshiftCLI/Platforms).
    static let platforms: PlatformSet = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return PlatformSet(["debian", "el6", "el7", "fedora", "ubuntu", "venv-supervisord", "venv-systemd"].map { name in
            let text = (try? String(contentsOf: root.appendingPathComponent("Sources/UpshiftCLI/Platforms/\(name).yaml"), encoding: .utf8)) ?? ""
            return try! PlatformLoader.load(text: text, sourceName: "\(name).yaml")
        })
    }()

    static func inventory(computes: Int = 3) -> Inventory {
        var hosts = [Host(name: "ctl-01", address: "10.0.0.1", os: .el6, release: "havana", roles: ["controller"]),
                     Host(name: "net-01", address: "10.0.0.2", os: .el6, release: "havana", roles: ["network"])]
        for i in 1...computes {
            hosts.append(Host(name: HostName("cmp-\(i < 10 ? "0" : "")\(i)"), address: "10.0.1.\(i)", os: .el6, release: "havana", roles: ["compute"]))
        }
        return Inventory(name: "lab", settings: CloudSettings(services: ["keystone", "glance", "cinder", "neutron", "nova", "horizon"]), hosts: hosts)
    }

    static func plan(_ method: PlanMethod = .live, inventory: Inventory = inventory()) throws -> (Plan, Pack) {
        let pack = try pack()
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: method, options: PlanOptions(batchSize: 2, canary: 1),
                                            inventoryRef: InputRef(name: "inventory.yaml", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        return (plan, pack)
    }

    /// A performer that upgrades the lab through `transport`: config edits made on the hosts, secrets from the lab's answer file.
    static func labPerformer(_ transport: any HostTransport, inventory: Inventory, pack: Pack, answers: String) -> TransportStepPerformer {
        TransportStepPerformer(inventory: inventory, pack: pack, transport: transport,
                               renderer: PlanCommandRendering(inventory: inventory, pack: pack, platforms: platforms),
                               configEditor: RemoteConfigEditPerformer(pack: pack), secrets: SecretStore(environment: [:], answerFile: answers),
                               clock: SteppingClock().clock, pollInterval: .milliseconds(1))
    }

    static func performer(_ transport: any HostTransport, inventory: Inventory = inventory(), pack: Pack, editor: RecordingConfigEditor = .init(),
                          secrets: SecretStore = SecretStore(environment: [:])) -> TransportStepPerformer {
        TransportStepPerformer(inventory: inventory, pack: pack, transport: transport,
                               renderer: PlanCommandRendering(inventory: inventory, pack: pack, platforms: platforms), configEditor: editor,
                               secrets: secrets, clock: SteppingClock().clock, pollInterval: .milliseconds(1))
    }
}
