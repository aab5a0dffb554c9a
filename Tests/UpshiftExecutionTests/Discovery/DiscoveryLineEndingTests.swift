import Testing
import UpshiftModel
@testable import UpshiftExecution

/// What discovery reads from a host means the same with CRLF line endings as with LF.
@Suite struct DiscoveryLineEndingTests {
    static func crlf(_ text: String) -> String { text.scalarLines().joined(separator: "\r\n") }

    @Test func aCRLFNovaConfGivesTheSameFacts() throws {
        let lf = ConfigReading.values(in: DiscoveryTests.novaConf)
        #expect(lf["DEFAULT/rpc_backend"] == "nova.openstack.common.rpc.impl_qpid")
        #expect(ConfigReading.values(in: Self.crlf(DiscoveryTests.novaConf)) == lf)
    }

    @Test func crlfCommandOutputIsReadLineByLine() {
        let rpm = "openstack-nova-common 2013.2.3-1.el6\nkernel 2.6.32-431.el6\n"
        #expect(Discovery.packages(Self.crlf(rpm)) == Discovery.packages(rpm))
        #expect(Discovery.packages(Self.crlf(rpm)).count == 2)
        let status = "running...\nupshift-running:openstack-nova-api\nupshift-running:neutron-server\n"
        #expect(Discovery.runningDaemons(Self.crlf(status), asked: ["openstack-nova-api", "neutron-server"]) == ["openstack-nova-api", "neutron-server"])
        #expect(Redaction.summary("\r\nfirst line\r\nsecond") == "first line")
    }
}

/// Discovery never collects or shows a secret named by a key word or a URL password with `/`.
@Suite struct DiscoverySecretHardeningTests {
    @Test func keysAndURLPasswordsWithSlashesStayOut() {
        #expect(ConfigReading.looksSecret(key: "auth_encryption_key", value: "x"))
        #expect(ConfigReading.looksSecret(key: "rabbit_url", value: "amqp://guest:pa/ss@ctl:5672/"))
        #expect(Redaction.scrub("cannot connect to mysql://nova:pa/ss@db/nova now") == "cannot connect to mysql://nova:***@db/nova now")
    }
}
