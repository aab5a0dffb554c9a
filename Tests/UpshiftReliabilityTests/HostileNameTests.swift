import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
import UpshiftExecution
import UpshiftSSH
import UpshiftCLI

/// Hosts, services and values with quotes, `$()`, backquotes, spaces and newlines: inventories
/// reject such host names with a located diagnostic; every value that reaches a rendered command
/// is quoted, which a real /bin/sh proves by never running the payload.
@Suite("Hostile names and values: rejected or quoted, never executed")
struct HostileNameTests {
    static let marker = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-pwned-\(UUID().uuidString)").path
    static var payloads: [String] {
        ["a'b", "a\"b", "$(/usr/bin/touch \(marker))", "`/usr/bin/touch \(marker)`", "x; /usr/bin/touch \(marker)",
         "x\n/usr/bin/touch \(marker)", "with space", "x' ; /usr/bin/touch \(marker) ; '", "x\" ; /usr/bin/touch \(marker) ; \"",
         "$HOME${IFS}|/usr/bin/touch \(marker)", "-rf", "x && /usr/bin/touch \(marker)"]
    }

    @Test("host names with shell metacharacters are rejected, naming the file and line", arguments: [
        "\"ctl'01\"", "\"ctl\\\"01\"", "\"$(reboot)\"", "\"`reboot`\"", "\"ctl 01\"", "\"ctl\\n01\"", "\"ctl;01\"", "\"-oProxyCommand=x\""])
    func hostNames(name: String) throws {
        let pack = try #require(InputFuzzTests.pack)
        let text = "format_version: 1\nname: hostile\ndefaults: {os: el6, release: havana}\nhosts:\n  - name: ctl-01\n    address: 192.0.2.1\n    roles: [controller]\n  - name: \(name)\n    address: 192.0.2.2\n    roles: [compute]\n"
        #expect(throws: InputError.self) { try InventoryLoader.load(text: text, sourceName: "inv.yaml", validator: InventoryValidator(pack: pack)) }
        do { _ = try InventoryLoader.load(text: text, sourceName: "inv.yaml", validator: InventoryValidator(pack: pack)) } catch {
            let located = error.diagnostics.filter { $0.severity == .error && $0.subject.location?.file == "inv.yaml" && $0.subject.location?.line == 8 }
            #expect(!located.isEmpty, "\(error.diagnostics.map(\.oneLine))")
        }
    }

    @Test("an address that looks like an ssh option stays an address (`--` comes first)")
    func addressIsNotAnOption() throws {
        let ssh = try OpenSSHTransport()
        let args = ssh.arguments(for: HostTarget(name: "h", address: "-oProxyCommand=touch /tmp/x", user: "-oX=y"), script: "true")
        let dashdash = try #require(args.firstIndex(of: "--"))
        #expect(args[dashdash + 1] == "-oProxyCommand=touch /tmp/x" && args.last == "true")
        #expect(args[args.firstIndex(of: "-l")! + 1] == "-oX=y")
    }

    @Test("every action's rendered commands run under /bin/sh without running a hostile value")
    func renderedCommandsQuote() throws {
        let pack = try #require(InputFuzzTests.pack)
        let inventory = try InventoryLoader.load(text: try Reliability.repoText("examples/rdo-22.yaml"), sourceName: "rdo-22.yaml",
                                                 validator: InventoryValidator(pack: pack)).inventory
        let platforms = try PlatformLibrary.allBuiltins()
        let stubs = try ShellStubs()
        defer { stubs.remove() }
        var ran = 0
        for action in StepAction.allCases {
            for (i, v) in Self.payloads.enumerated() {
                let step = Self.step(action, value: v, index: i, inventory: inventory, base: stubs.dir.path)
                for command in CommandRenderer.render(step, inventory: inventory, pack: pack, platforms: platforms) {
                    let script = command.script.replacingOccurrences(of: ". /root/keystonerc_admin", with: ": keystonerc")
                    _ = try stubs.run(script)
                    ran += 1
                    #expect(!FileManager.default.fileExists(atPath: Self.marker), "\(action.rawValue) ran a hostile value: \(command.script)")
                    try? FileManager.default.removeItem(atPath: Self.marker)
                }
            }
        }
        #expect(ran > StepAction.allCases.count * 2, "commands were rendered and run (\(ran))")
        #expect(stubs.invocations() > 0, "the stub commands were reached")
    }

    /// A step of `action` whose every parameter holds `v` (paths under `base`, so a redirection
    /// the shell performs stays in the test's directory). `command` stays `true`: a pack's
    /// commands are shell code by design (like a playbook's), and are run as one quoted argument.
    static func step(_ action: StepAction, value v: String, index: Int, inventory: Inventory, base: String) -> Step {
        var p = StepParams()
        p.daemons = [DaemonName(rawValue: v), "openstack-nova-api"]; p.packages = [v, "openstack-nova-common"]
        p.file = base + "/etc/" + v; p.options = [OptionValue(option: OptionRef(section: "DEFAULT", key: "k"), value: v)]
        p.database = DatabaseName(rawValue: v); p.command = "true"; p.user = v; p.path = base + "/backup/" + v
        p.variable = "x"; p.field = v; p.reason = v; p.package = v; p.version = v
        p.repoRemove = [v]; p.repoInstall = "http://example.com/" + v; p.targets = [inventory.hosts.last!.name]; p.service = "nova"
        return Step(id: StepID(rawValue: "nova/hostile-\(index)@all"), phase: "prepare", action: action, service: "nova",
                    hosts: inventory.hosts.map(\.name), params: p, reversible: true)
    }
}
