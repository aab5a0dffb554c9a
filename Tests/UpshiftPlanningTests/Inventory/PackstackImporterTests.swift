import Testing
import UpshiftModel
@testable import UpshiftImport
@testable import UpshiftPlanning

@Suite struct PackstackImporterTests {
    /// Every real answer file imports, validates against the pack and leaks no secret value.
    @Test(arguments: SharedData.answerFiles)
    func everyRealAnswerFileImportsAndValidates(file: String) throws {
        let text = try SharedData.text(file)
        let result = try PackstackImporter.importInventory(text: text, sourceName: file,
            options: .init(knownServices: InventoryTestPack.pack.services.map(\.name)))
        let inv = result.inventory
        #expect(!inv.hosts.isEmpty)
        #expect(inv.hosts.contains { $0.has("controller") })
        _ = try InventoryLoader.check(ParsedInventory(inventory: inv, sourceName: file), validator: InventoryTestPack.validator)
        let rendered = "\(inv)" + result.diagnostics.map { "\($0)" }.joined()
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "="), PackstackAnswers.isSecret(key: String(line[..<eq])) else { continue }
            let value = String(line[line.index(after: eq)...])
            // A value that is also part of the file's own name ("openstack") proves nothing either way.
            if value.count >= 6, !file.contains(value) { #expect(!rendered.contains(value), "secret of \(line[..<eq]) leaked") }
        }
        #expect(inv.secrets?.answerFile == file)
    }

    @Test func theOperatorsHavanaFileGivesAnAllInOnePlusACompute() throws {
        let file = "operator/havana-rdo-packstack-el6/packstack-answers-file.txt"
        let r = try PackstackImporter.importInventory(text: try SharedData.text(file), sourceName: file)
        #expect(r.style == .havana)
        let hosts = r.inventory.hosts
        #expect(hosts.map(\.name) == ["host-10-4-200-34", "host-10-4-200-32"])
        #expect(hosts[0].roles == ["controller", "network", "compute", "storage"])
        #expect(hosts[1].roles == ["compute"])
        #expect(hosts[1].services == ["nova", "neutron", "ceilometer"])
        #expect(r.inventory.settings.values["networking"] == "neutron")
        #expect(r.inventory.settings.services == ["keystone", "glance", "cinder", "nova", "neutron", "horizon", "heat", "ceilometer", "swift"])
        #expect(r.diagnostics.ids.contains("packstack.nova-network-ignored"))
    }

    @Test func theIcehouseThreeNodeFileUsesTheNewKeys() throws {
        let file = "operator/icehouse-rdo-packstack-3node/packstack-answers-LCCV.txt"
        let r = try PackstackImporter.importInventory(text: try SharedData.text(file), sourceName: file, options: .init(os: .el7))
        #expect(r.style == .icehouse)
        let byName = Dictionary(uniqueKeysWithValues: r.inventory.hosts.map { ($0.name.rawValue, $0) })
        #expect(byName["host-192-168-82-11"]?.roles == ["controller"])
        #expect(byName["host-192-168-82-21"]?.roles == ["network"])
        #expect(byName["host-192-168-82-31"]?.roles == ["compute"])
        #expect(byName["host-192-168-82-31"]?.os == .el7)
        #expect(!r.inventory.settings.services.contains("cinder"))
    }

    @Test func anAnswerFileWithNoHostsIsRejected() {
        let text = "[general]\nCONFIG_NOVA_INSTALL=y\nCONFIG_CONTROLLER_HOST=\nCONFIG_NOVA_API_HOST=\nCONFIG_NOVA_KS_PW=s3cr3t-value\n"
        #expect {
            _ = try PackstackImporter.importInventory(text: text, sourceName: "empty.txt")
        } throws: { error in
            let e = error as! InputError
            return e.diagnostics.ids == ["packstack.no-hosts"] && e.diagnostics[0].oneLine.hasPrefix("empty.txt: error:")
                && !e.description.contains("s3cr3t")
        }
    }

    @Test func conflictingDeprecatedValuesAreIgnoredWithAWarningAsPackstackDoes() throws {
        let text = """
        [general]
        CONFIG_CONTROLLER_HOST=10.0.0.1
        CONFIG_COMPUTE_HOSTS=10.0.0.5,10.0.0.6
        CONFIG_NETWORK_HOSTS=10.0.0.2
        CONFIG_NOVA_API_HOST=10.0.0.9
        CONFIG_NOVA_COMPUTE_HOSTS=10.0.0.7
        CONFIG_NEUTRON_L3_HOSTS=10.0.0.2
        """
        let r = try PackstackImporter.importInventory(text: text, sourceName: "a.txt")
        #expect(r.inventory.hosts.map(\.address) == ["10.0.0.1", "10.0.0.5", "10.0.0.6", "10.0.0.2"])
        let warned = r.diagnostics.filter { $0.id == "packstack.deprecated-key-ignored" }
        #expect(warned.map { $0.subject.location?.line } == [5, 6])
    }

    @Test func withoutNeutronTheNetworkHostsRunNovaNetwork() throws {
        let text = "CONFIG_NEUTRON_INSTALL=n\nCONFIG_NOVA_API_HOST=10.0.0.1\nCONFIG_KEYSTONE_HOST=10.0.0.1\nCONFIG_NOVA_COMPUTE_HOSTS=10.0.0.2, 10.0.0.3\nCONFIG_NOVA_NETWORK_HOSTS=10.0.0.2,10.0.0.3\nCONFIG_NEUTRON_L3_HOSTS=10.0.0.4\n"
        let r = try PackstackImporter.importInventory(text: text, sourceName: "nn.txt")
        #expect(r.inventory.settings.values["networking"] == "nova-network")
        #expect(r.inventory.hosts.map(\.roles) == [["controller"], ["nova-network", "compute"], ["nova-network", "compute"]])
        #expect(r.inventory.hosts[1].services == ["nova", "ceilometer"])
    }

    @Test func havanaPerServiceKeysSpreadOverHostsGiveOneEntryPerHost() throws {
        let text = "CONFIG_KEYSTONE_HOST=10.0.0.1\nCONFIG_NOVA_API_HOST=10.0.0.1\nCONFIG_GLANCE_HOST=10.0.0.2\nCONFIG_CINDER_HOST=10.0.0.3\nCONFIG_SWIFT_STORAGE_HOSTS=10.0.0.3/sdb,10.0.0.4/sdb\nCONFIG_NEUTRON_SERVER_HOST=10.0.0.1\nCONFIG_NEUTRON_DHCP_HOSTS=10.0.0.5\nCONFIG_NEUTRON_L3_HOSTS=10.0.0.5\n"
        let r = try PackstackImporter.importInventory(text: text, sourceName: "spread.txt")
        let hosts = r.inventory.hosts
        #expect(hosts.map(\.address) == ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"])
        #expect(hosts[0].services == ["keystone", "nova", "neutron"])
        #expect(hosts[2].roles == ["storage"] && hosts[2].services == ["cinder", "swift"])
        #expect(hosts[4].roles == ["network"])
    }

    @Test func aHostValueThatIsNotAnAddressIsAnErrorAtItsLine() {
        let text = "CONFIG_CONTROLLER_HOST=10.0.0.1\nCONFIG_COMPUTE_HOSTS=10.0.0.2;reboot\n"
        #expect {
            _ = try PackstackImporter.importInventory(text: text, sourceName: "x.txt")
        } throws: { error in
            let d = (error as! InputError).diagnostics
            return d.ids == ["packstack.invalid-address"] && d[0].subject.location?.line == 2
        }
    }

    @Test func secretsAreReadOnlyOnDemand() throws {
        let text = try SharedData.text("packstack/generated/icehouse-eol-502ced19.answers.txt")
        let answers = PackstackAnswers(text: text, sourceName: "a")
        #expect(answers.value("CONFIG_NOVA_KS_PW") == nil)
        #expect(answers.secretKeys.contains("CONFIG_NOVA_KS_PW"))
        let expected = text.split(separator: "\n").first { $0.hasPrefix("CONFIG_NOVA_KS_PW=") }.map { String($0.dropFirst(18)) }
        #expect(PackstackAnswers.secret(named: "NOVA_KS_PW", in: text) == expected)
        #expect(PackstackAnswers.secret(named: "CONFIG_NOVA_KS_PW", in: text) == expected)
        #expect(PackstackAnswers.secret(named: "CONFIG_NOPE", in: text) == nil)
    }

    @Test(arguments: [("192.0.2.10", "host-192-0-2-10"), ("2001:db8::1", "host-2001-db8--1"), ("Ctl1.Example.com", "ctl1.example.com")])
    func hostNamesAreDerivedFromAddresses(address: String, name: String) {
        #expect(HostNaming.name(forAddress: address).rawValue == name)
    }
}
