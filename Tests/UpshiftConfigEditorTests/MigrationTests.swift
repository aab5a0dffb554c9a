import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftModel
import UpshiftTestSupport

@Suite("Migration")
struct MigrationTests {
    static func migrate(_ file: String, rewrite: Bool, changes: [ConfigChange]) throws -> MigrationResult {
        let doc = try ConfigDocument.parse(bytes: SharedData.bytes(file), sourceName: (file as NSString).lastPathComponent)
        return try ConfigMigrator(options: MigrationOptions(rewriteDeprecated: rewrite)).migrate(doc, changes: changes)
    }

    @Test("golden: an operator's Havana nova.conf migrated with --rewrite-deprecated")
    func novaGolden() throws {
        let r = try Self.migrate("operator/havana-rdo-packstack-el6/nova.conf", rewrite: true, changes: PackFixture.changes(for: "nova.conf"))
        Golden.check(r.diff(), "nova.conf.rewrite-deprecated.diff")
        Golden.check(r.findings.map(\.oneLine).joined(separator: "\n") + "\n", "nova.conf.rewrite-deprecated.findings")
        #expect(!r.diff().contains("nova:") || !r.diff().contains("@"), "connection URLs are masked")
    }

    @Test("golden: an operator's Havana neutron.conf migrated, with the Nova event sender settings the pack requires")
    func neutronGolden() throws {
        let pack = try PackFixture.pack()
        let sender = try #require(pack.optionSets["events-on"]).values.map { ConfigChange(kind: .set, option: $0.option, value: $0.value) }
        let doc = try ConfigDocument.parse(bytes: SharedData.bytes("operator/havana-rdo-packstack-el6/neutron.conf"), sourceName: "neutron.conf")
        let resolver: PlaceholderResolver = { p in
            switch p.kind { case "host": "192.0.2.10"; case "var": "3f0d5a1c"; case "secret": "n0va-ks-pw"; default: nil }
        }
        let r = try ConfigMigrator(options: MigrationOptions(rewriteDeprecated: true, resolver: resolver))
            .migrate(doc, changes: PackFixture.changes(for: "neutron.conf") + sender)
        Golden.check(r.diff(), "neutron.conf.events.diff")
        #expect(!r.diff().contains("n0va-ks-pw") && !r.diff().contains("08a73d836e7a4ba2"))
        #expect(r.document.value(of: OptionRef(parsing: "DEFAULT/nova_admin_password")!) == "n0va-ks-pw")
    }

    @Test("without --rewrite-deprecated, deprecated names are reported and the file is unchanged")
    func deprecatedOnlyReported() throws {
        let r = try Self.migrate("operator/havana-rdo-packstack-el6/nova.conf", rewrite: false,
                                 changes: PackFixture.changes(for: "nova.conf").filter(\.deprecated))
        #expect(!r.changed)
        #expect(r.findings.contains { $0.id == "config.deprecated-option" && $0.severity == .warning })
    }

    static let handMade = """
    [DEFAULT]
    # keep me
    libvirt_type=qemu
    libvirt_vif_driver = nova.virt.libvirt.vif.LibvirtHybridOVSBridgeDriver
    rpc_backend = nova.openstack.common.rpc.impl_qpid
    dhcp_lease_time = 120
    dhcp_lease_duration = 600
    """

    @Test("each change kind makes its own visible hunk; removed options stay as comments")
    func eachKind() throws {
        let doc = try ConfigDocument.parse(text: Self.handMade, sourceName: "nova.conf")
        func ref(_ s: String) -> OptionRef { OptionRef(parsing: s)! }
        let changes: [ConfigChange] = [
            ConfigChange(kind: .rename, option: ref("DEFAULT/libvirt_type"), to: ref("libvirt/virt_type")),
            ConfigChange(kind: .remove, option: ref("DEFAULT/libvirt_vif_driver"), note: "stub in Icehouse"),
            ConfigChange(kind: .rewrite, option: ref("DEFAULT/rpc_backend"), values: ["nova.openstack.common.rpc.impl_qpid": "qpid"]),
            ConfigChange(kind: .rename, option: ref("DEFAULT/dhcp_lease_time"), to: ref("DEFAULT/dhcp_lease_duration")),
            ConfigChange(kind: .set, option: ref("DEFAULT/nova_admin_password"), value: "{{secret:NOVA_PW}}"),
            ConfigChange(kind: .set, option: ref("DEFAULT/nova_admin_tenant_id"), value: "{{var:tenant}}"),
        ]
        let resolver: PlaceholderResolver = { p in p.kind == "secret" ? "pa55word" : p.kind == "var" ? "abc123" : nil }
        let r = try ConfigMigrator(options: MigrationOptions(resolver: resolver)).migrate(doc, changes: changes)
        #expect(r.document.render() == """
        [DEFAULT]
        # keep me
        # upshift: DEFAULT/libvirt_vif_driver was removed by the target release: stub in Icehouse
        #libvirt_vif_driver = nova.virt.libvirt.vif.LibvirtHybridOVSBridgeDriver
        rpc_backend = qpid
        # upshift: DEFAULT/dhcp_lease_time is superseded by DEFAULT/dhcp_lease_duration, which this file already sets
        #dhcp_lease_time = 120
        dhcp_lease_duration = 600
        nova_admin_password=pa55word
        nova_admin_tenant_id=abc123

        [libvirt]
        virt_type=qemu
        """)
        let diff = r.diff()
        #expect(!diff.contains("pa55word"))
        #expect(diff.contains("+nova_admin_password=****"))
        #expect(r.findings.map(\.id) == ["config.renamed", "config.removed-option", "config.rewritten", "config.rename-conflict",
                                         "config.set", "config.set"])
        #expect(r.findings.allSatisfy { !$0.oneLine.contains("pa55word") })
    }

    @Test("an unresolvable placeholder is an error that names the option, not a value")
    func unresolved() throws {
        let doc = try ConfigDocument.parse(text: Self.handMade, sourceName: "nova.conf")
        let change = ConfigChange(kind: .set, option: OptionRef(parsing: "DEFAULT/nova_admin_password")!, value: "{{secret:NOVA_PW}}")
        #expect(throws: ConfigEditError.self) { try ConfigMigrator().migrate(doc, changes: [change]) }
    }
}
