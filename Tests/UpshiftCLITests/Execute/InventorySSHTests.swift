import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftCLI

@Suite("The inventory's ssh config is used when no --ssh-config is given")
struct InventorySSHTests {
    @Test("ssh: {config: FILE} is read, relative to the inventory's directory; an unknown key is flagged with its line")
    func readsAndResolves() throws {
        let yaml = """
        format_version: 1
        name: lab
        ssh: {config: ssh_config}
        hosts:
          - {name: ctl-01, address: 192.0.2.10, os: el6, release: havana, roles: [controller], services: [nova]}

        """
        let parsed = try InventoryParser.parse(text: yaml, sourceName: "/srv/lab/inventory.yaml")
        #expect(parsed.inventory.ssh?.config == "ssh_config")
        #expect(InventorySSH.config(of: parsed.inventory, inventoryPath: "/srv/lab/inventory.yaml") == "/srv/lab/ssh_config")
        var absolute = parsed.inventory
        absolute.ssh = SSHSettings(config: "/etc/upshift/ssh_config")
        #expect(InventorySSH.config(of: absolute, inventoryPath: "/srv/lab/inventory.yaml") == "/etc/upshift/ssh_config")
        let bad = try InventoryParser.parse(text: yaml.replacingOccurrences(of: "{config: ssh_config}", with: "{confg: ssh_config}"),
                                            sourceName: "inv.yaml")
        #expect(bad.diagnostics.contains { $0.id == "inventory.unknown-key" && $0.subject.location?.line == 3 })
    }
}
