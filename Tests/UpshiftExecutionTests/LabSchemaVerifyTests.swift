import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab

/// §12 #2: at resume, a schema sync found running is checked with the service's version command.
/// The tools print integers ("44") and neutron prints alembic's whole line; the check used to compare
/// that output byte for byte with "044"/"icehouse", so a finished sync read as "did not take effect".
@Suite("Resume recognises a finished schema sync as the tools print it")
struct LabSchemaVerifyTests {
    static func performer(_ transport: LabTransport, _ inventory: Inventory, _ pack: Pack, answers: String) -> TransportStepPerformer {
        CloudFixture.labPerformer(transport, inventory: inventory, pack: pack, answers: answers)
    }

    @Test("every synced database of the lab verifies; the old byte-for-byte check fails on each", .timeLimit(.minutes(1)))
    func finishedSyncsVerify() async throws {
        let state = LabBuilder.makeState(LabTopology(controllers: 1, networks: 1, computes: 1, timeFactor: 1))
        let store = InMemoryLabStore(state)
        let (clock, _) = LabClock.manual()
        let transport = LabTransport(store: store, clock: clock)
        let inventory = LabBuilder.inventory(state, answerFile: "answers.txt")
        let pack = try CloudFixture.pack()
        // The syncs finished (the lab's databases at the Icehouse heads), then upshift stopped.
        try store.update { (s: inout LabState) throws(LabError) in s.databases = LabCatalog.icehouseSchema }
        let p = Self.performer(transport, inventory, pack, answers: LabBuilder.answerFile(state))
        let ctx = PerformContext(run: 1, runStartedAt: Date())
        for name in ["keystone", "glance", "cinder", "nova", "neutron"] {
            let step = Step(id: StepID("\(name)/sync-schema@ctl-01"), phase: "x", action: .syncSchema, service: ServiceName(name),
                            hosts: ["ctl-01"], reversible: false, idempotent: false)
            let outcome = await p.verify(step, on: "ctl-01", context: ctx)
            #expect(outcome.status == .succeeded, "\(name): \(outcome.message ?? "")")
            // What the previous check did: the whole stdout against the zero-padded pack value.
            let db = try #require(pack.service(ServiceName(name))?.database)
            let printed = try await transport.run(RemoteCommand(try #require(p.probe(for: step, on: "ctl-01")).script), on: HostTarget(inventory.host("ctl-01")!))
            let old = ["keystone": "044", "glance": "034", "cinder": "022", "nova": "233", "neutron": "icehouse"][name]!
            if name != "nova" {
                #expect(printed.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) != old, "\(name) printed \(printed.stdoutText)")
            }
            #expect(db.toVersion != nil)
        }
    }

    @Test func versionsAreReadAsPrintedAndNovaAcceptsTheLaterPointReleaseHead() {
        let match = TransportStepPerformer.versionMatches
        #expect(match("44\n", "", ["44"]))
        #expect(match("44\n", "", ["044"]), "a zero-padded pack value still compares by value")
        #expect(!match("43\n", "", ["44"]))
        #expect(match("234\n", "", ["233", "234"]), "nova 2014.1.3+ is at 234")
        #expect(!match("216\n", "", ["233", "234"]))
        let alembic = "Current revision for mysql://neutron:XXXXX@192.0.2.10/neutron: 5ac1c354a051 -> icehouse (head), icehouse\n"
        #expect(match(alembic, "INFO  [alembic.migration] Context impl MySQLImpl.\n", ["icehouse"]))
        #expect(!match("Current revision for mysql://neutron:XXXXX@h/neutron: 1341ed32cc1e -> havana, havana\n", "", ["icehouse"]))
    }
}
