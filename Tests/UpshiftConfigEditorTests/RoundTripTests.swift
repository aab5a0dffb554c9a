import Testing
import UpshiftConfigEditor
import UpshiftModel

@Suite("Round trip over the shared corpus")
struct RoundTripTests {
    @Test("the corpus is there and holds the files the tests rely on")
    func corpusPresent() {
        #expect(SharedData.configFiles.count >= 60)
        #expect(SharedData.configFiles.contains("operator/icehouse-rdo-el6-chef/ml2_conf.ini.rpmnew"))
        #expect(SharedData.configFiles.contains("rdo/nova/2013.2-4/nova-dist.conf"))
    }

    @Test("every real config file parses and renders back byte for byte", arguments: SharedData.configFiles)
    func roundTrip(file: String) throws {
        let bytes = try SharedData.bytes(file)
        let doc = try ConfigDocument.parse(bytes: bytes, sourceName: file)
        #expect(Array(doc.render().utf8) == bytes)
    }

    @Test("duplicate keys are kept as multiple values in file order")
    func duplicateKeys() throws {
        let doc = try ConfigDocument.parse(bytes: SharedData.bytes("rdo/nova/2013.2-4/nova-dist.conf"), sourceName: "nova-dist.conf")
        let values = doc.values(of: OptionRef(section: "DEFAULT", key: "dhcpbridge_flagfile"))
        #expect(values.count == 2)
        let op = try ConfigDocument.parse(bytes: SharedData.bytes("operator/havana-rdo-packstack-el6/nova.conf"), sourceName: "nova.conf")
        #expect(op.values(of: OptionRef(section: "DEFAULT", key: "compute_driver")).count == 2)
    }

    @Test("sections differing only in case are one oslo group, DEFAULT is exact")
    func sectionCase() throws {
        let doc = try ConfigDocument.parse(bytes: SharedData.bytes("operator/havana-rdo-packstack-el6/ovs_neutron_plugin.ini"),
                                           sourceName: "ovs_neutron_plugin.ini")
        #expect(doc.sections.map(\.name).contains("OVS"))
        #expect(doc.sections.map(\.name).contains("ovs"))
        let grouped = doc.normalizedValues()
        #expect(grouped["OVS"] == nil)
        #expect(grouped["ovs"] != nil)
    }
}
