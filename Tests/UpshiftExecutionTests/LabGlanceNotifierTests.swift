import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab

/// §12 #6 in the lab: Packstack Havana with Ceilometer writes `notifier_strategy = qpid` to
/// glance-api.conf; Icehouse glance sends notifications through oslo.messaging with rpc_backend's
/// default, rabbit, and there is no rabbit broker, so an image download (the first boot on a compute)
/// hangs. The pack's glance config now sets rpc_backend to the cloud's broker.
@Suite("Glance notifications on a qpid cloud")
struct LabGlanceNotifierTests {
    /// The pack before the fix: no rpc_backend set in glance-api.conf.
    static func previousPack(_ pack: Pack) -> Pack {
        var p = pack
        for s in p.services.indices where p.services[s].name == "glance" {
            for f in p.services[s].config.indices {
                p.services[s].config[f].changes.removeAll { $0.kind == .set && $0.option.description == "DEFAULT/rpc_backend" }
            }
        }
        return p
    }

    static func upgradeGlanceThenProbe(pack: Pack) async throws -> (ProbeReport, LabState) {
        let lab = LabMixedComputeTests.Lab()
        let plan = Planner.plan(PlanRequest(inventory: lab.inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 2, canary: 1),
                                            inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        let report = try await LabMixedComputeTests.applyThenProbe(lab, LabMixedComputeTests.prefix(plan, through: "glance"), pack: pack)
        return (report, try lab.store.read())
    }

    @Test("the previous glance config hangs the first boot on a compute after the glance upgrade", .timeLimit(.minutes(2)))
    func previousConfigHangsBoots() async throws {
        let (report, state) = try await Self.upgradeGlanceThenProbe(pack: Self.previousPack(try CloudFixture.pack()))
        #expect(report.boots.failed >= 1, "\(report.text)")
        #expect(report.failures.contains { $0.message.contains("not ACTIVE") }, "\(report.text)")
        let conf = state.host("ctl-01")?.files["/etc/glance/glance-api.conf"]?.content ?? ""
        #expect(!conf.contains("rpc_backend"))
    }

    @Test("the current pack sets rpc_backend = qpid in glance-api.conf: boots download the image", .timeLimit(.minutes(2)))
    func currentConfigBoots() async throws {
        let (report, state) = try await Self.upgradeGlanceThenProbe(pack: try CloudFixture.pack())
        #expect(report.clean, "\(report.text)")
        #expect(report.boots.active >= 1)
        let conf = state.host("ctl-01")?.files["/etc/glance/glance-api.conf"]?.content ?? ""
        #expect(LabINI.values(conf)["DEFAULT/rpc_backend"] == "qpid", "\(conf)")
    }

    @Test func havanaGlanceAndTheRightBrokerDoNotBlock() {
        var state = LabBuilder.makeState(LabTopology(controllers: 1, networks: 1, computes: 1, timeFactor: 1))
        #expect(LabGlanceNotifier.blocked(state) == nil, "Havana glance's own qpid notifier")
        let i = state.hostIndex("ctl-01")!
        state.hosts[i].daemons["openstack-glance-api"]?.code = "icehouse"
        #expect(LabGlanceNotifier.blocked(state)?.contains("rabbit") == true)
        state.hosts[i].daemons["openstack-glance-api"]?.config["DEFAULT/rpc_backend"] = "qpid"
        #expect(LabGlanceNotifier.blocked(state) == nil)
        state.hosts[i].daemons["qpidd"]?.state = .stopped
        #expect(LabGlanceNotifier.blocked(state) != nil)
    }
}
