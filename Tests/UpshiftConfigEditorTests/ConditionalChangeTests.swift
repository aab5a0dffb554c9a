import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftModel

/// §12 #5, #6, #3, #4: the pack's value-dependent config changes, applied by the migrator.
@Suite("Conditional config changes of the pack")
struct ConditionalChangeTests {
    static func migrate(_ text: String, _ basename: String, rewrite: Bool = false) throws -> String {
        let doc = try ConfigDocument.parse(bytes: Array(text.utf8), sourceName: basename)
        let r = try ConfigMigrator(options: MigrationOptions(rewriteDeprecated: rewrite)).migrate(doc, changes: PackFixture.changes(for: basename))
        return r.document.render()
    }

    static func value(_ text: String, _ section: String, _ key: String) throws -> String? {
        try ConfigDocument.parse(bytes: Array(text.utf8), sourceName: "x").value(of: OptionRef(section: section, key: key))
    }

    @Test("a stock Havana VIF driver is removed; a vendor driver is kept (and moved to [libvirt] only when asked)")
    func vifDriver() throws {
        let stock = try Self.migrate("[DEFAULT]\nlibvirt_vif_driver = nova.virt.libvirt.vif.LibvirtHybridOVSBridgeDriver\n", "nova.conf")
        #expect(try Self.value(stock, "DEFAULT", "libvirt_vif_driver") == nil)
        let vendor = "[DEFAULT]\nlibvirt_vif_driver = vendor.nova.vif.FabricVIFDriver\n"
        #expect(try Self.value(Self.migrate(vendor, "nova.conf"), "DEFAULT", "libvirt_vif_driver") == "vendor.nova.vif.FabricVIFDriver",
                "the previous pack removed it for any value: the compute fell back to the generic driver")
        #expect(try Self.value(Self.migrate(vendor, "nova.conf", rewrite: true), "libvirt", "vif_driver") == "vendor.nova.vif.FabricVIFDriver")
    }

    @Test("glance-api.conf with notifier_strategy=qpid gets rpc_backend=qpid; without notifications nothing is set")
    func glanceBroker() throws {
        let qpid = try Self.migrate("[DEFAULT]\nnotifier_strategy = qpid\nqpid_hostname = 192.0.2.10\n", "glance-api.conf")
        #expect(try Self.value(qpid, "DEFAULT", "rpc_backend") == "qpid")
        let noop = try Self.migrate("[DEFAULT]\nverbose = True\n", "glance-api.conf")
        #expect(try Self.value(noop, "DEFAULT", "rpc_backend") == nil)
    }

    @Test("max_allowed_address_pair is kept (back at 2014.1.2); the real tpool keys are removed")
    func neutronOptions() throws {
        let text = "[DEFAULT]\nmax_allowed_address_pair = 20\ndbapi_use_tpool = True\n\n[database]\nuse_tpool = True\n"
        let out = try Self.migrate(text, "neutron.conf")
        #expect(try Self.value(out, "DEFAULT", "max_allowed_address_pair") == "20")
        #expect(try Self.value(out, "DEFAULT", "dbapi_use_tpool") == nil)
        #expect(try Self.value(out, "database", "use_tpool") == nil)
    }
}
