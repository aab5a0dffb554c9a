import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// A config file that was read is known even when it holds none of the watched options, so rules
/// about absent options (`broker.implicit`) fire; a file that could not be read stays unknown.
@Suite struct DiscoveryKnownFileTests {
    /// A usual controller nova.conf: no rpc_backend (RDO puts it in nova-dist.conf), no libvirt_*,
    /// its only watched option a secret one that is never collected.
    static let controllerNovaConf = """
    [DEFAULT]
    my_ip=10.0.0.1
    auth_strategy=keystone
    sql_connection=mysql://nova:s3cret@10.0.0.1/nova

    [keystone_authtoken]
    admin_tenant_name=services

    """

    static func cloud(_ host: HostName, _ script: String) throws(TransportError) -> CommandResult {
        if script == "cat /etc/nova/nova.conf" {
            return host == "ctl-01" ? .ok(controllerNovaConf) : .fail(1, "cat: /etc/nova/nova.conf: Permission denied\n")
        }
        if script.hasPrefix("cat ") { return .fail(1, "cat: No such file or directory\n") }
        return .ok("")
    }

    @Test func aFileReadWithoutWatchedOptionsIsKnownAndItsAbsentOptionsFireTheirRules() async throws {
        let pack = try CloudFixture.pack(), inventory = CloudFixture.inventory(computes: 2)
        let report = await Discovery(transport: ScriptedTransport(Self.cloud), pack: pack, inventory: inventory, platforms: CloudFixture.platforms).run(inventory)
        #expect(report.facts.host("ctl-01")?.config["/etc/nova/nova.conf"] == [:])
        #expect(report.facts.host("cmp-01")?.config["/etc/nova/nova.conf"] == nil)
        let found = SafetyCheck.preflight(inventory: inventory, pack: pack, facts: report.facts, method: .live, settings: [:])
        let broker = try #require(found.first { $0.id == "broker.implicit" })
        #expect(broker.severity == .error)
        // Only the controller's file was read; the computes' unreadable files stay unknown.
        #expect(broker.subject.hosts == ["ctl-01"])
    }
}

/// Output cut at discovery's cap is said (a partial fact and a warning), never taken for the whole.
@Suite struct DiscoveryPartialReadTests {
    static func cloud(_ host: HostName, _ script: String) throws(TransportError) -> CommandResult {
        if script == "cat /etc/nova/nova.conf" {
            return CommandResult(exitStatus: 0, stdout: Array("[DEFAULT]\nmy_ip=10.0.0.1\n".utf8), truncated: true)
        }
        if script.hasPrefix("rpm -qa") {
            return CommandResult(exitStatus: 0, stdout: Array("openstack-nova-common 2013.2.3-1.el6\nopenstack-no".utf8), truncated: true)
        }
        return script.hasPrefix("cat ") ? .fail(1, "cat: No such file or directory\n") : .ok("")
    }

    @Test func aTruncatedFileIsMarkedPartialAndStaysUnknown() async throws {
        let pack = try CloudFixture.pack(), inventory = CloudFixture.inventory(computes: 1)
        let report = await Discovery(transport: ScriptedTransport(Self.cloud), pack: pack, inventory: inventory, platforms: CloudFixture.platforms).run(inventory)
        let ctl = try #require(report.facts.host("ctl-01"))
        #expect(ctl.config["/etc/nova/nova.conf"] == nil)
        #expect(ctl.partial == ["packages", "/etc/nova/nova.conf"])
        #expect(ctl.packages.isEmpty)
        let partial = report.problems.filter { (d: Diagnostic) -> Bool in d.id == "discover.partial" }
        #expect(partial.contains { (d: Diagnostic) -> Bool in d.severity == .warning && d.subject.hosts == ["ctl-01"] })
        let found = SafetyCheck.preflight(inventory: inventory, pack: pack, facts: report.facts, method: .live, settings: [:])
        #expect(!found.contains { $0.id == "broker.implicit" })
    }
}
