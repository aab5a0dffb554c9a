import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab
import UpshiftJournalSQLite

@Suite("Killed mid-run against the in-process lab")
struct LabCrashTests {
    /// What an operator compares: per host its packages and daemon states and code, the schemas, disabled services.
    static func cloud(_ s: LabState) -> [String] {
        s.hosts.flatMap { h in
            h.packages.sorted { $0.key < $1.key }.map { "\(h.name) pkg \($0.key)=\($0.value)" }
                + h.daemons.sorted { $0.key < $1.key }.map { "\(h.name) daemon \($0.key) \($0.value.state) \($0.value.enabled) \($0.value.codeVersion ?? "-")" }
        } + s.databases.sorted { $0.key < $1.key }.map { "db \($0.key)=\($0.value)" } + s.disabledServices.keys.sorted().map { "disabled \($0)" }
    }

    static func performer(_ transport: LabTransport, _ inventory: Inventory, _ pack: Pack, _ answers: String) -> TransportStepPerformer {
        CloudFixture.labPerformer(transport, inventory: inventory, pack: pack, answers: answers)
    }

    @Test("killed mid-schema-sync, mid-batch or early: resume from the reopened journal ends in the same cloud as an uninterrupted run",
          .timeLimit(.minutes(2)), arguments: ["nova/db-sync", "batch-01", "early"])
    func killAndResume(point: String) async throws {
        let (refTransport, refStore, inventory, answers) = LabRunTests.lab(computes: 3)
        let (plan, pack) = try LabRunTests.live(inventory)
        let options = RunOptions(parallel: 4, assumeYes: true)
        _ = try await executor(InMemoryJournal(), Self.performer(refTransport, inventory, pack, answers)).apply(plan, planHash: "h", options: options)

        let (transport, store, _, _) = LabRunTests.lab(computes: 3)
        let path = try temporaryStateDirectory() + "/journal.sqlite"
        let crashUnit = plan.steps.first { $0.id.rawValue.contains(point) && !$0.hosts.isEmpty }.map { UnitKey(step: $0.id, host: $0.hosts.last!) }
        #expect(crashUnit != nil || point == "early", "no step matches \(point)")
        let sqlite = try SQLiteJournal(path: path)
        let dying = crashUnit.map { CrashingJournal(sqlite, crashAtOutcomeOf: $0) } ?? CrashingJournal(sqlite, crashAtOutcome: 4)
        await #expect(throws: SimulatedCrash.self) {
            _ = try await executor(dying, Self.performer(transport, inventory, pack, answers), pid: 4242).apply(plan, planHash: "h", options: options)
        }
        let resumed = try await executor(try SQLiteJournal(path: path), Self.performer(transport, inventory, pack, answers), pid: 4343).resume()
        #expect(resumed.end == .completed)
        #expect(try store.read().databases["nova"] == "233")
        #expect(Self.cloud(try store.read()) == Self.cloud(try refStore.read()))
    }
}
