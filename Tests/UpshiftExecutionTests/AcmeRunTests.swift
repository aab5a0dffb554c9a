import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// The second pack's plan applied end to end over the in-process transport (no lab): every unit
/// succeeds, the data migrations run again while they say there is more to do, the pre-check
/// passes on warnings, and the order on the hosts is the procedure's.
@Suite struct AcmeRunTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func text(_ path: String) -> String { (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? "" }

    /// A healthy Acme cloud: versions read 3.2, the pre-check warns (rc 1), the data migrations need two runs.
    final class AcmeTransport: HostTransport, @unchecked Sendable {
        // `@unchecked Sendable`: `log` and `migrations` are only touched while `lock` is held.
        private let lock = NSLock()
        private var log: [(HostName, String)] = []
        private var migrations = 0
        func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
            lock.withLock {
                log.append((host.name, command.script))
                let s = command.script
                if s.contains("service version") { return CommandResult(exitStatus: 0, stdout: Array("acme-worker 3.2.1\n".utf8)) }
                if s.contains("acme-status upgrade check") { return CommandResult(exitStatus: 1, stdout: Array("Warning: 1\n".utf8)) }
                if s.contains("online_data_migrations") { migrations += 1; return CommandResult(exitStatus: migrations < 2 ? 1 : 0) }
                return CommandResult(exitStatus: 0)
            }
        }
        var commands: [(host: HostName, script: String)] { lock.withLock { log.map { ($0.0, $0.1) } } }
    }

    @Test func theAcmePlanRunsToCompletion() async throws {
        let pack = try PackLoader.load(text: Self.text("examples/packs/acme-queue-3.1-3.2.yaml"), sourceName: "acme.yaml")
        let inventory = try InventoryLoader.load(text: Self.text("examples/acme-4node.yaml"), sourceName: "acme-4node.yaml",
                                                 validator: InventoryValidator(pack: pack)).inventory
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 1, canary: 1),
                                            inventoryRef: InputRef(name: "i", sha256: "x"), packRef: InputRef(name: pack.name, sha256: "y")))
        #expect(SafetyCheck.check(plan: plan, inventory: inventory, pack: pack, facts: nil).isEmpty)
        let transport = AcmeTransport(), editor = RecordingConfigEditor(), journal = InMemoryJournal()
        let performer = CloudFixture.performer(transport, inventory: inventory, pack: pack, editor: editor)
        let summary = try await executor(journal, performer).apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
        let failed = try journal.units(of: summary.run).filter { $0.state != .succeeded }
        #expect(failed.isEmpty, "\(failed.prefix(3).map { "\($0.unit): \($0.message ?? "")" })")
        #expect(summary.end == .completed)
        let log = transport.commands.map(\.script)
        #expect(log.filter { $0.contains("online_data_migrations") }.count == 2)
        func first(_ needle: String) -> Int { log.firstIndex { $0.contains(needle) } ?? -1 }
        #expect(first("mysqldump") < first("acme-manage db sync"))
        #expect(first("systemctl stop acme-api") < first("acme-manage db sync"))
        #expect(first("acme-manage db sync") < first("systemctl start acme-api"))
        #expect(first("service version") > (log.lastIndex { $0.contains("systemctl start acme-worker") } ?? .max))
        #expect(editor.edits.count == 4, "pin and unpin on both APIs")
    }
}
