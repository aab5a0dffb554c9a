import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// Each compatibility rule caught on a hand-edited plan whose dependency edges were also removed,
/// so only the state simulation can notice.
@Suite struct RuleTests {
    let inv = Fixtures.inventory("examples/rdo-22.yaml")

    func livePlan(_ options: PlanOptions = .init()) -> Plan {
        var p = Planner.plan(Fixtures.request(inv, .live, options))
        for i in p.steps.indices { p.steps[i].after = [] }
        return p
    }

    func errors(_ plan: Plan) -> Set<String> {
        Set(SafetyCheck.check(plan: plan, inventory: inv, pack: Fixtures.pack, facts: nil).errors.map(\.id))
    }

    @Test func theUntouchedPlanPasses() { #expect(errors(livePlan()).isEmpty) }

    @Test func aSchemaSyncWithoutABackupIsRejected() {
        var p = livePlan(); p.steps.removeAll { $0.id == "nova/backup-db@ctl-01" }
        #expect(errors(p).contains("db.backup-before-sync"))
    }

    @Test func controllersWithoutThePinBreakHavanaComputes() {
        var p = livePlan(); p.steps.removeAll { $0.id == "nova/pin-rpc@ctl-01" }
        #expect(errors(p).contains("rpc.compute-pin"))
    }

    /// §12 #1: the plan before the fix pinned each compute only as it was upgraded, so the Havana
    /// computes met the canary unpinned; the rule catches that plan, and the current one passes.
    @Test func havanaComputesMeetingAnIcehouseComputeUnpinnedIsRejected() {
        #expect(!errors(livePlan()).contains("rpc.mixed-computes"))
        var p = livePlan(); p.steps.removeAll { $0.phase == "computes-pin" }
        #expect(errors(p).contains("rpc.mixed-computes"))
    }

    /// §12 #7: nova-consoleauth casts validate_console_port to the computes, so an unpinned Icehouse
    /// consoleauth alone (the other controller services still stopped) breaks Havana computes too.
    @Test func anUnpinnedIcehouseConsoleauthIsRejected() {
        var p = livePlan(); p.steps.removeAll { $0.id == "nova/pin-rpc@ctl-01" }
        let start = p.steps.firstIndex { $0.phase == "nova-controllers" && $0.action == .start }!
        p.steps[start].params.daemons = ["openstack-nova-consoleauth"]
        p.steps.removeAll { $0.phase == "nova-controllers" && $0.action == .waitHealthy }
        #expect(errors(p).contains("rpc.compute-pin"))
    }

    @Test func upgradingPackagesWhileTheServiceRunsStartsNewCodeOnTheOldSchema() {
        var p = livePlan(); p.steps.removeAll { $0.id == "keystone/stop@ctl-01" }
        #expect(errors(p).contains("db.new-code-old-schema"))
    }

    @Test func computesUpgradedBeforeNeutronFailBoots() {
        var p = livePlan()
        let neutron = p.steps.filter { $0.phase == "neutron" }
        p.steps.removeAll { $0.phase == "neutron" }
        let unpin = p.steps.firstIndex { $0.phase == "unpin" }!
        p.steps.insert(contentsOf: neutron, at: unpin)
        let ids = errors(p)
        #expect(ids.contains("vif.hybrid-plug"))
    }

    @Test func computesWithoutTheEscapeWhilePinnedWaitForEventsThatNeverCome() {
        var p = livePlan(); p.steps.removeAll { $0.id.rawValue.contains("events-escape") }
        #expect(errors(p).contains("events.pinned-api"))
    }

    @Test func unpinningBeforeEveryComputeRunsIcehouseIsRejected() {
        var p = livePlan()
        let unpin = p.steps.first { $0.action == .unpinRPC }!
        p.steps.removeAll { $0.action == .unpinRPC }
        let firstBatch = p.steps.firstIndex { $0.phase == "computes" }!
        var early = unpin; early.hosts = [HostName("ctl-01")]
        p.steps.insert(early, at: firstBatch)
        #expect(errors(p).contains("rpc.compute-pin"))
    }

    @Test func neutronNotificationsOffWithIcehouseComputesIsRejected() {
        var p = Planner.plan(Fixtures.request(inv, .live, PlanOptions(settings: ["pinned_api_blocks_events": "false"])))
        for i in p.steps.indices { p.steps[i].after = [] }
        p.steps.removeAll { $0.id.rawValue.contains("events-on") }
        #expect(errors(p).contains("events.compute-waits-for-nothing"))
    }

    @Test func offlineOnMixedBaseOSFailsItsPreflight() {
        var mixed = inv; mixed.hosts[3].os = .el7
        let ds = SafetyCheck.preflight(inventory: mixed, pack: Fixtures.pack, facts: nil, method: .offline, settings: [:])
        #expect(ds.map(\.id) == ["offline.same-base"])
    }

    @Test func liveNeedsHavana2013_2_3OnEveryNovaHost() {
        let facts = Facts(hosts: [HostFacts(host: "cmp-03", reachable: true, packages: ["openstack-nova-common": "2013.2.2-1.el6"])], databases: [])
        let ds = SafetyCheck.preflight(inventory: inv, pack: Fixtures.pack, facts: facts, method: .live, settings: [:])
        #expect(ds.map(\.id) == ["rpc.min-havana-point-release"])
        #expect(ds.first?.subject.hosts == ["cmp-03"])
    }

    @Test func unversionedNeutronDatabaseBlocksEveryMethod() {
        let facts = Facts(hosts: [], databases: [DatabaseFacts(name: "neutron", version: "None")])
        for m in PlanMethod.allCases {
            let ds = SafetyCheck.preflight(inventory: inv, pack: Fixtures.pack, facts: facts, method: m, settings: [:])
            #expect(ds.map(\.id).contains("db.neutron-unversioned"))
        }
    }

    @Test func rpmVersionsCompareNumerically() {
        #expect(RPMVersion.compare("2013.2.2-1.el6", "2013.2.3") < 0)
        #expect(RPMVersion.compare("2013.2.10", "2013.2.3") > 0)
        #expect(RPMVersion.compare("2013.2.3", "2013.2.3") == 0)
    }
}
