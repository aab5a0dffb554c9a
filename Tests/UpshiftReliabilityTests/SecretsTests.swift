import Foundation
import Testing
import UpshiftCLI
import UpshiftJournalSQLite
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab

/// A full live upgrade of the in-process lab whose answer file and config files hold marker
/// passwords (`LABSECRET-…`), journaled in SQLite; then every artefact is scanned for them.
@Suite("Secrets never reach the journal, output, diffs or reports")
struct SecretsTests {
    static let marker = "LABSECRET-"

    @Test("a full lab upgrade leaves 0 marker passwords in journal, events, console, diffs and reports", .timeLimit(.minutes(3)))
    func fullUpgradeLeaksNothing() async throws {
        let state = LabBuilder.makeState(LabTopology(controllers: 1, networks: 1, computes: 2, timeFactor: 1))
        let store = InMemoryLabStore(state)
        let markers = Array(state.secrets.values)
        #expect(markers.count >= 10 && markers.allSatisfy { $0.hasPrefix(Self.marker) })
        let answers = LabBuilder.answerFile(state)
        #expect(markers.filter { answers.contains($0) }.count >= 8, "the answer file holds the marker passwords")
        let configs = try store.read().hosts.flatMap { $0.files.values.map(\.content) }.joined(separator: "\n")
        #expect(configs.contains(Self.marker), "the lab's config files hold marker passwords")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inventory = LabBuilder.inventory(state, answerFile: dir.appendingPathComponent("answers.txt").path)
        let pack = try #require(InputFuzzTests.pack)
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 1, canary: 1),
                                            inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        let output = OutputRecorder()
        let (clock, _) = LabClock.manual()
        let performer = TransportStepPerformer(inventory: inventory, pack: pack, transport: LabTransport(store: store, clock: clock),
                                               renderer: PlanCommandRendering(inventory: inventory, pack: pack, platforms: try PlatformLibrary.allBuiltins()),
                                               configEditor: LosslessEditorAdapter(output: output, pack: pack),
                                               secrets: SecretStore(environment: [:], answerFile: answers),
                                               clock: Self.steppingClock(), pollInterval: .milliseconds(1))
        let journalPath = dir.appendingPathComponent("journal.sqlite").path
        let journal = try SQLiteJournal(path: journalPath)
        let sink = FanOutEventSink([ConsoleEventSink(total: 100, live: false) { output.append($0) },
                                    JSONLinesEventSink { output.append($0) }])
        let executor = Executor(journal: journal, performer: performer, sink: sink, confirmer: FixedConfirmer(true),
                                clock: Self.steppingClock(), owner: LockOwner(pid: 4242), isAlive: { _ in false })
        let summary = try await executor.apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
        let units = try journal.units(of: summary.run)
        #expect(summary.end == .completed, "\(units.filter { $0.state != .succeeded }.prefix(3).map { "\($0.unit) \($0.message ?? "")" })")
        let report = RunReport(run: try journal.latestRun()!, units: units, events: try journal.events(of: summary.run))
        for format in ReportFormat.allCases { output.append(format.render(report)) }
        output.append(StatusText.render(report))
        output.append(units.map { "\($0.unit) \($0.message ?? "") \($0.outputTail ?? "")" }.joined(separator: "\n"))

        let journalBytes = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("journal.sqlite") }
            .map { String(decoding: try Data(contentsOf: dir.appendingPathComponent($0)), as: UTF8.self) }.joined()
        #expect(!output.all.isEmpty && journalBytes.contains("nova"), "the scan has something to scan")
        for (name, text) in [("output, diffs and reports", output.all), ("journal files", journalBytes)] {
            let leaked = markers.filter { text.contains($0) }
            #expect(leaked.isEmpty && !text.contains(Self.marker), "\(leaked.count) marker passwords in the \(name)")
        }
        #expect(try store.read().secretLeaks.isEmpty, "no secret reached a command line")
        try Self.expectRealDiffs(output.all)
    }

    /// The scan covered real unified diffs of the config edits: file headers, hunks, and a `+` line
    /// carrying a migrated option (`sql_connection` renamed to `[database] connection`, its password masked).
    static func expectRealDiffs(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let diffLines = lines.filter { $0.hasPrefix("--- a/") || $0.hasPrefix("+++ b/") || $0.hasPrefix("@@ -") || $0.hasPrefix("+") || $0.hasPrefix("-") }
        let sample = diffLines.prefix(12).joined(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("--- a/etc/nova/nova.conf") } && lines.contains { $0.hasPrefix("+++ b/etc/nova/nova.conf") },
                "a unified diff of nova.conf was produced: \(sample)", sourceLocation: sourceLocation)
        #expect(lines.contains { $0.hasPrefix("@@ -") && $0.hasSuffix(" @@") || $0.hasPrefix("@@ -") && $0.contains(" @@ ") }, "hunk headers", sourceLocation: sourceLocation)
        let added = lines.filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }
        let removed = lines.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }
        #expect(added.contains { $0.hasPrefix("+#libvirt_vif_driver=") } && removed.contains { $0.hasPrefix("-libvirt_vif_driver") },
                "the migrated (removed) option libvirt_vif_driver is commented out: added \(added.prefix(6)), removed \(removed.prefix(6))",
                sourceLocation: sourceLocation)
        #expect(added.contains { $0.replacingOccurrences(of: " ", with: "") == "+compute=icehouse-compat" }, "the RPC pin is an added line", sourceLocation: sourceLocation)
        #expect(added.contains { $0.hasPrefix("+nova_admin_password") && $0.hasSuffix("***") },
                "the neutron notify password is an added line with its value masked: \(added.filter { $0.contains("password") })",
                sourceLocation: sourceLocation)
    }

    /// An execution clock that advances one second per reading and never really sleeps.
    static func steppingClock() -> ExecutionClock {
        let t = SteppingTestClock()
        return ExecutionClock(now: { t.tick() }, sleep: { _ in await Task.yield() })
    }
}

/// A fake clock: one second later at each reading. `@unchecked Sendable`: `t` only under `lock`.
final class SteppingTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t = Date(timeIntervalSince1970: 1_700_000_000)
    func tick() -> Date { lock.withLock { t += 1; return t } }
}
