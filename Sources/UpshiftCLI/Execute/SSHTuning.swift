import ArgumentParser
import Foundation
import UpshiftModel
import UpshiftSSH

/// `--ssh-option K=V` (repeatable) and `--connect-timeout SECONDS`, spelled the same on apply,
/// resume, rollback, discover and probe. Upshift's own options come first on the ssh command line
/// and ssh keeps the first value of an option, so BatchMode and StrictHostKeyChecking=yes stay.
struct SSHTuning: ParsableArguments {
    @Option(name: .customLong("ssh-option"), help: ArgumentHelp("An ssh option for every host, as KEY=VALUE (repeatable), e.g. ProxyJump=bastion; cannot weaken upshift's own (BatchMode, StrictHostKeyChecking=yes).", valueName: "key=value"))
    var sshOptions: [String] = []
    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds ssh waits to connect to a host (default 10).", valueName: "seconds"))
    var connectTimeout: Int?

    init() {}

    func validate() throws {
        for o in sshOptions {
            let parts = o.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber }),
                  !o.contains(where: { $0.isNewline }) else {
                throw ValidationError("--ssh-option takes KEY=VALUE (an ssh_config keyword, e.g. ProxyJump=bastion), not '\(o)'")
            }
        }
        if let t = connectTimeout, !(1...3600).contains(t) { throw ValidationError("--connect-timeout must be 1...3600 seconds") }
    }

    /// Sets the transport options these flags give.
    func apply(to options: inout OpenSSHTransport.Options) {
        options.extraOptions = sshOptions
        if let connectTimeout { options.connectTimeoutSeconds = connectTimeout }
    }
}

/// The ssh config the inventory names (`ssh: {config: FILE}`; the lab writes its own), used when no
/// `--ssh-config` is given. A relative path is relative to the inventory file's directory.
enum InventorySSH {
    static func config(of inventory: Inventory, inventoryPath: String) -> String? {
        guard let file = inventory.ssh?.config, !file.isEmpty else { return nil }
        if file.hasPrefix("/") { return file }
        return ((inventoryPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
    }

    /// For commands that build their transport before reading the inventory; nil when it cannot be read
    /// (the command reports that itself when it reads it).
    static func config(inventoryPath: String, pack: String) -> String? {
        guard let p = try? PackLibrary.load(pack), let inv = try? InventoryInput.load(inventoryPath, pack: p) else { return nil }
        return config(of: inv, inventoryPath: inventoryPath)
    }
}
