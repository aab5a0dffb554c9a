import UpshiftModel

/// The Ansible inventory (YAML) of an Upshift inventory: every host under `all.hosts` with
/// `ansible_host` (its address or ssh alias) and `ansible_user`, one group per role, and the ssh
/// options Upshift's own transport uses (the ssh config file, batch mode, strict host keys, no
/// tty). Pure.
public enum AnsibleInventory {
    /// An Ansible group name for a role: letters, digits and `_` (Ansible warns about the rest).
    public static func groupName(_ role: RoleName) -> String {
        String(role.rawValue.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    /// The ssh arguments every host gets: `-F CONFIG` when the inventory names one, then the options
    /// `OpenSSHTransport` passes.
    public static func sshArguments(configFile: String?) -> String {
        var a: [String] = []
        if let configFile { a += ["-F", ShellQuote.quote(configFile)] }
        a += ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"]
        return a.joined(separator: " ")
    }

    public static func render(_ inventory: Inventory, sshConfig: String?, source: String) -> String {
        var out = """
        # Written by `upshift export ansible` from the Upshift inventory \(source) (\(inventory.hosts.count) hosts).
        # One group per Upshift role; the ssh options are the ones `upshift apply` uses (docs/ansible.md).
        all:
          vars:
            ansible_ssh_common_args: \(AnsibleYAML.str(sshArguments(configFile: sshConfig)))
            ansible_ssh_use_tty: false
          hosts:

        """
        for host in inventory.hosts {
            out += "    \(AnsibleYAML.str(host.name.rawValue)):\n"
            out += "      ansible_host: \(AnsibleYAML.str(host.address))\n"
            if let user = host.user { out += "      ansible_user: \(AnsibleYAML.str(user))\n" }
        }
        var roles: [RoleName] = []
        for role in inventory.hosts.flatMap(\.roles) where !roles.contains(role) { roles.append(role) }
        guard !roles.isEmpty else { return out }
        out += "  children:\n"
        for role in roles {
            out += "    \(AnsibleYAML.str(groupName(role))):\n      hosts:\n"
            for host in inventory.hosts where host.roles.contains(role) { out += "        \(AnsibleYAML.str(host.name.rawValue)): {}\n" }
        }
        return out
    }
}
