import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// The declared effects of the step kinds pack format 2 added, on the simulated state.
@Suite struct StepKindEffectsTests {
    static let inv = Fixtures.generated(controllers: 1, network: 1, computes: 1)

    func state() -> CloudState { CloudState(inventory: Self.inv, pack: Fixtures.pack, facts: nil, settings: [:]) }
    func daemon(_ s: CloudState, _ host: HostName, _ d: DaemonName) -> DaemonState? { s.host(host)?.daemons.first { $0.name == d } }
    func step(_ a: StepAction, _ hosts: [HostName], service: ServiceName? = nil, daemons: [DaemonName] = []) -> Step {
        var p = StepParams(); p.daemons = daemons
        return Step(id: StepID("s/\(a.rawValue)"), phase: "p", action: a, service: service, hosts: hosts, params: p, reversible: true)
    }

    @Test func switchingCodeLeavesARunningDaemonOnTheOldCodeUntilItsRestart() {
        var s = state()
        _ = Effects.apply(step(.switchCode, ["ctl-1"], service: "keystone"), to: &s, pack: Fixtures.pack)
        #expect(daemon(s, "ctl-1", "openstack-keystone")?.version == .from)
        #expect(daemon(s, "ctl-1", "openstack-keystone")?.installed == .to)
        #expect(daemon(s, "ctl-1", "openstack-glance-api")?.installed == .from, "other services keep their code")
        _ = Effects.apply(step(.restart, ["ctl-1"], daemons: ["openstack-keystone"]), to: &s, pack: Fixtures.pack)
        #expect(daemon(s, "ctl-1", "openstack-keystone")?.version == .to)
    }

    @Test func aStoppedDaemonStartsOnTheSwitchedCode() {
        var s = state()
        _ = Effects.apply(step(.stop, ["ctl-1"], daemons: ["openstack-keystone"]), to: &s, pack: Fixtures.pack)
        _ = Effects.apply(step(.switchCode, ["ctl-1"], service: "keystone"), to: &s, pack: Fixtures.pack)
        #expect(daemon(s, "ctl-1", "openstack-keystone")?.version == .to)
        _ = Effects.apply(step(.start, ["ctl-1"], daemons: ["openstack-keystone"]), to: &s, pack: Fixtures.pack)
        #expect(daemon(s, "ctl-1", "openstack-keystone")?.running == true)
        #expect(daemon(s, "ctl-1", "openstack-keystone")?.version == .to)
    }

    @Test(arguments: [StepAction.installCode, .reload, .check, .verifyQuery, .workload])
    func kindsThatChangeNothingTheCheckModels(action: StepAction) {
        var s = state()
        let before = s
        let changed = Effects.apply(step(action, ["ctl-1"], service: "keystone", daemons: ["openstack-keystone"]), to: &s, pack: Fixtures.pack)
        #expect(changed == [])
        #expect(s == before)
    }

    @Test func aPackageUpgradeMovesTheCodeOnDiskToo() {
        var s = state()
        var up = step(.upgradePackages, ["ctl-1"], service: "keystone"); up.params.packages = ["*keystone*"]
        _ = Effects.apply(up, to: &s, pack: Fixtures.pack)
        _ = Effects.apply(step(.restart, ["ctl-1"], daemons: ["openstack-keystone"]), to: &s, pack: Fixtures.pack)
        #expect(daemon(s, "ctl-1", "openstack-keystone")?.version == .to)
        #expect(daemon(s, "ctl-1", "openstack-keystone")?.installed == .to)
    }
}
