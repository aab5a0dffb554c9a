import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution

@Suite("Rollback: newest first, never past the point of no return")
struct RollbackTests {
    typealias F = PlanFixtures

    static var plan: Plan {
        var stop = F.step("nova/stop@ctl", hosts: ["ctl"], action: .stop); stop.params.daemons = ["openstack-nova-api"]
        var up = F.step("nova/upgrade@ctl", hosts: ["ctl"], after: ["nova/stop@ctl"], action: .upgradePackages); up.params.packages = ["*nova*"]
        var pin = F.step("nova/pin@ctl", hosts: ["ctl"], after: ["nova/upgrade@ctl"], action: .pinRPC); pin.params.file = "/etc/nova/nova.conf"
        let sync = F.step("nova/db-sync@ctl", hosts: ["ctl"], after: ["nova/pin@ctl"], action: .syncSchema, idempotent: false, ponr: true, reversible: false)
        return F.plan([stop, up, pin, sync])
    }

    /// A run stopped before the point of no return (the operator declined it), or run to the end.
    static func journal(stoppingBefore step: String?) async throws -> InMemoryJournal {
        let journal = InMemoryJournal()
        var e = executor(journal, FakeHostsPerformer())
        e.confirmer = FixedConfirmer(step == nil)
        _ = try await e.apply(plan, planHash: "h", options: .init())
        return journal
    }

    @Test("before the point of no return every step that ran is undone, newest first, with its inverse")
    func undoNewestFirst() async throws {
        let journal = try await Self.journal(stoppingBefore: "nova/db-sync@ctl")
        let run = try #require(try journal.latestRun())
        let items = try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil, platforms: testHostPlatforms)
        let stamp = RemoteConfigEditor.stamp(for: run.startedAt, step: "nova/pin@ctl")
        #expect(items.map(\.original.step.rawValue) == ["nova/pin@ctl", "nova/upgrade@ctl", "nova/stop@ctl"])
        #expect(stamp.hasPrefix(RemoteConfigEditor.stamp(for: run.startedAt) + "-") && stamp != RemoteConfigEditor.stamp(for: run.startedAt, step: "nova/other@ctl"))
        #expect(items[0].undo?.params.command == "test ! -e /etc/nova/nova.conf.upshift-\(stamp) || cp -p /etc/nova/nova.conf.upshift-\(stamp) /etc/nova/nova.conf")
        #expect(items[1].undo?.params.command == "yum -d1 -y downgrade -- '*nova*'")
        #expect(items[2].undo?.action == .start && items[2].undo?.params.daemons == ["openstack-nova-api"])
    }

    @Test("rollback refuses past a point of no return that ran, naming it and saying why")
    func refusesPastPONR() async throws {
        let journal = try await Self.journal(stoppingBefore: nil)
        let run = try #require(try journal.latestRun())
        #expect(throws: RollbackRefusal.self) { try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil, platforms: testHostPlatforms) }
        do { _ = try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil, platforms: testHostPlatforms) } catch {
            #expect((error as? RollbackRefusal)?.message.hasPrefix("refusing to roll back past nova/db-sync@ctl, the point of no return") == true)
        }
        #expect(try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: "nova/db-sync@ctl", platforms: testHostPlatforms).isEmpty)
    }

    @Test("--to STEP undoes only later steps; the executor journals them rolled-back and resume runs them again")
    func rollbackToThenResume() async throws {
        let journal = try await Self.journal(stoppingBefore: "nova/db-sync@ctl")
        let hosts = FakeHostsPerformer()
        let result = try await executor(journal, hosts).rollback(to: "nova/stop@ctl")
        #expect(result.failed == nil)
        #expect(result.undone.map(\.original.step.rawValue) == ["nova/pin@ctl", "nova/upgrade@ctl"])
        let states = Dictionary(uniqueKeysWithValues: try journal.units(of: 1).map { ($0.unit.step.rawValue, $0.state) })
        #expect(states == ["nova/stop@ctl": .succeeded, "nova/upgrade@ctl": .rolledBack, "nova/pin@ctl": .rolledBack, "nova/db-sync@ctl": .pending])
        #expect(hosts.count(F.unit("undo:nova/pin@ctl", "ctl")) == 1)
        #expect(try journal.latestRun()?.state == .rolledBack)
        let hostsAgain = FakeHostsPerformer()
        #expect(try await executor(journal, hostsAgain).resume().end == .completed)
        #expect(hostsAgain.count(F.unit("nova/pin@ctl", "ctl")) == 1 && hostsAgain.count(F.unit("nova/stop@ctl", "ctl")) == 0)
    }

    @Test("an unknown --to step is refused")
    func unknownTarget() async throws {
        let journal = try await Self.journal(stoppingBefore: "nova/db-sync@ctl")
        let run = try #require(try journal.latestRun())
        #expect(throws: RollbackRefusal(message: "no step nope in the plan of run 1", isUsage: true)) {
            try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: "nope", platforms: testHostPlatforms)
        }
    }

    @Test("undos are the host's platform commands: on a venv host the downgrade and the code switch point the code back at the old venv")
    func venvUndosSwitchTheCodeBack() async throws {
        let (run, journal) = try await Self.venvRun()
        let venv = HostPlatforms(platformOf: ["ctl": "venv-systemd"], platforms: CloudFixture.platforms)
        let items = try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: "nova/install@ctl", platforms: venv)
        #expect(items.map(\.original.step.rawValue) == ["nova/switch@ctl", "nova/upgrade@ctl"])
        #expect(items.map { $0.undo?.params.command } == ["ln -sfn /openstack/venvs/nova-havana /openstack/venvs/nova-current",
                                                           "ln -sfn /openstack/venvs/nova-havana /openstack/venvs/nova-current"])
    }

    @Test("a rollback needing a command the host's platform lacks is refused before anything runs, naming host, platform and command")
    func missingPlatformCommandRefused() async throws {
        let (run, journal) = try await Self.venvRun()
        let venv = HostPlatforms(platformOf: ["ctl": "venv-systemd"], platforms: CloudFixture.platforms)
        #expect(throws: RollbackRefusal.self) { try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil, platforms: venv) }
        let refused = Self.refusal { try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil, platforms: venv) }
        #expect(refused.contains("ctl (platform venv-systemd): no package-erase command, which undoing nova/install@ctl needs"), "\(refused)")
        // The executor refuses the same way, and nothing is journaled or run.
        let hosts = FakeHostsPerformer()
        var e = executor(journal, hosts)
        e.hostPlatforms = venv
        await #expect(throws: RollbackRefusal.self) { _ = try await e.rollback(to: nil) }
        let undos = try journal.undos(of: run.id)
        #expect(hosts.performCounts.isEmpty && undos.isEmpty)
        // A host no platform is known for is refused too.
        let unknown = Self.refusal { try RollbackPlanner.plan(run, units: try journal.units(of: run.id), to: nil, platforms: HostPlatforms()) }
        #expect(unknown.contains("ctl (no platform known): no package-downgrade command, which undoing nova/upgrade@ctl needs"), "\(unknown)")
    }

    /// The refusal's message ("" when it was not refused).
    static func refusal(_ body: () throws -> [UndoItem]) -> String {
        do { _ = try body(); return "" } catch { return (error as? RollbackRefusal)?.message ?? "\(error)" }
    }

    /// install-packages, upgrade-packages and switch-code (the platform's) of nova on `ctl`, all run.
    static func venvRun() async throws -> (RunRecord, InMemoryJournal) {
        var inst = F.step("nova/install@ctl", hosts: ["ctl"], action: .installPackages); inst.params.packages = ["nova-extra"]
        var up = F.step("nova/upgrade@ctl", hosts: ["ctl"], after: ["nova/install@ctl"], action: .upgradePackages); up.params.packages = ["nova==31.0.0"]; up.service = "nova"
        var sw = F.step("nova/switch@ctl", hosts: ["ctl"], after: ["nova/upgrade@ctl"], action: .switchCode); sw.service = "nova"; sw.params.command = nil
        let journal = InMemoryJournal()
        _ = try await executor(journal, FakeHostsPerformer()).apply(F.plan([inst, up, sw]), planHash: "h", options: .init())
        return (try #require(try journal.latestRun()), journal)
    }
}
