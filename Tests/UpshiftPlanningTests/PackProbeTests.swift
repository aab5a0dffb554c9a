import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// The pack's `probe:` section: read from the built-in pack, checked against the pack's roles and services.
@Suite struct PackProbeTests {
    @Test func theBuiltInPackDeclaresItsProbe() throws {
        let probe = try #require(Fixtures.pack.probe)
        #expect(probe.role == "controller" && probe.environmentFile == "/root/keystonerc_admin")
        #expect(probe.apis.map(\.name) == ["keystone", "nova", "neutron", "glance", "cinder"])
        #expect(probe.boot.id == ProbeField(format: .table, key: "id"))
        #expect(probe.migrate?.command == "nova migrate {id}" && probe.migrate?.confirmStatus == "VERIFY_RESIZE")
    }

    @Test func aProbeNamingAnUnknownRoleOrServiceIsRefusedWithItsLine() throws {
        let bad = Fixtures.packText.replacingOccurrences(of: "probe:        # the workload probe's operations: the Havana/Icehouse python-*clients on the controller\n  role: controller",
                                                         with: "probe:\n  role: api-node")
            .replacingOccurrences(of: "{name: cinder, service: cinder,", with: "{name: cinder, service: volumes,")
        #expect(bad != Fixtures.packText)
        do {
            _ = try PackLoader.load(text: bad, sourceName: "bad.yaml")
            Issue.record("a probe with an unknown role loaded")
        } catch {
            let summaries = error.diagnostics.map(\.summary)
            #expect(summaries.contains("probe names unknown role 'api-node'"))
            #expect(summaries.contains("probe api 'cinder' names unknown service 'volumes'"))
            #expect(error.diagnostics.allSatisfy { $0.subject.location?.line != nil })
        }
    }
}
