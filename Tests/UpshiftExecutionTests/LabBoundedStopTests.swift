import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab

/// A stop with a timeout against the in-process lab (el7, systemd): a daemon that ignores its stop
/// is killed with the platform's service-kill when the time is up, and the kill is journaled.
@Suite("Bounded stop against the in-process lab")
struct LabBoundedStopTests {
    @Test("a daemon still running after the stop's timeout is killed, and the unit's outcome says so", .timeLimit(.minutes(1)))
    func killAfterTimeout() async throws {
        let state = LabBuilder.makeState(LabTopology(controllers: 1, networks: 1, computes: 1, os: "el7", timeFactor: 1))
        let store = InMemoryLabStore(state)
        let (clock, time) = LabClock.manual()
        let transport = LabTransport(store: store, clock: clock)
        let inventory = LabBuilder.inventory(state, answerFile: "answers.txt")
        let pack = try CloudFixture.pack()
        try store.update { (s: inout LabState) throws(LabError) in
            s.faults.append(LabFault(host: "ctl-01", kind: .stopHangs, match: "openstack-nova-scheduler"))
        }
        var stop = PlanFixtures.step("nova/stop@ctl-01", hosts: ["ctl-01"], action: .stop)
        stop.params = StepParams(); stop.params.daemons = ["openstack-nova-api", "openstack-nova-scheduler"]; stop.params.timeout = 30
        let rendered = CommandRenderer.render(stop, inventory: inventory, pack: pack, platforms: CloudFixture.platforms)
        #expect(rendered.map(\.script) == ["timeout 30 systemctl stop openstack-nova-api", "timeout 30 systemctl stop openstack-nova-scheduler"])
        #expect(rendered.map { $0.killAfterTimeout?.script } == ["systemctl kill -s KILL openstack-nova-api", "systemctl kill -s KILL openstack-nova-scheduler"])

        let performer = TransportStepPerformer(inventory: inventory, pack: pack, transport: transport,
                                               renderer: PlanCommandRendering(inventory: inventory, pack: pack, platforms: CloudFixture.platforms),
                                               configEditor: nil, secrets: SecretStore(environment: [:], answerFile: ""),
                                               clock: SteppingClock().clock, pollInterval: .milliseconds(1))
        let journal = InMemoryJournal()
        let started = time.value
        let summary = try await executor(journal, performer).apply(PlanFixtures.plan([stop]), planHash: "h", options: RunOptions(assumeYes: true))
        #expect(summary.end == .completed)
        let unit = try #require(try journal.units(of: summary.run).first)
        #expect(unit.state == .succeeded)
        #expect(unit.message == "openstack-nova-scheduler did not stop within 30 s: killed (systemctl kill -s KILL openstack-nova-scheduler)")
        #expect(time.value - started >= 30, "the stop waited its timeout")
        let ctl = try #require(try store.read().host("ctl-01"))
        #expect(ctl.daemons["openstack-nova-api"]?.state == .stopped && ctl.daemons["openstack-nova-scheduler"]?.state == .stopped)
    }

    @Test("on el6 (SysV, no service-kill) a stop with a timeout is refused when the plan is checked")
    func el6HasNoKill() {
        let inventory = CloudFixture.inventory(computes: 1)
        var stop = PlanFixtures.step("nova/stop@ctl-01", hosts: ["ctl-01"], action: .stop)
        stop.params = StepParams(); stop.params.daemons = ["openstack-nova-api"]; stop.params.timeout = 30
        let problems = PlatformCheck.problems(PlanFixtures.plan([stop]), inventory: inventory, pack: (try? CloudFixture.pack())!, platforms: CloudFixture.platforms)
        #expect(problems.map(\.summary) == ["platform 'el6' has no service-kill command, which step nova/stop@ctl-01 needs on ctl-01"])
    }
}
