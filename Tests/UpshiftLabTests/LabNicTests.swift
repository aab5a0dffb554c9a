import Testing
import UpshiftExecution
@testable import UpshiftLab

/// With an explicit network (`--nic net-id=`), nova-api validates it through neutron before
/// accepting a boot, so a stopped neutron-server refuses the request instead of failing an instance.
@Suite struct LabNicTests {
    @Test func aBootWithANicIsRefusedByTheAPIWhileNeutronServerIsDown() async throws {
        let lab = LabFixture(computes: 1)
        let net = labUUID("net/private")
        try await lab.ok("ctl-01", "service neutron-server stop")
        let before = lab.state.instances.count
        let refused = try await lab.run("ctl-01", ". /root/keystonerc_admin && nova boot --flavor m1.tiny --image cirros --nic net-id=\(net) vm1")
        #expect(refused.exitStatus == 1)
        #expect(refused.stderrText.contains("HTTP 500"))
        #expect(lab.state.instances.count == before)
        try await lab.ok("ctl-01", "service neutron-server start")
        let accepted = try await lab.run("ctl-01", ". /root/keystonerc_admin && nova boot --flavor m1.tiny --image cirros --nic net-id=\(net) vm2")
        #expect(accepted.exitStatus == 0)
        let unknown = try await lab.run("ctl-01", ". /root/keystonerc_admin && nova boot --flavor m1.tiny --image cirros --nic net-id=nope vm3")
        #expect(unknown.stderrText.contains("could not be found"))
    }
}
