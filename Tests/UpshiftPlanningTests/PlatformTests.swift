import Testing
import UpshiftModel
@testable import UpshiftPlanning
import UpshiftTestSupport

/// Platforms: loading with file:line diagnostics, templates that quote, rendering through the host's
/// platform, and the plan-time refusal of a platform that lacks a command a step needs.
@Suite struct PlatformTests {
    static let lab22 = Fixtures.inventory("examples/rdo-22.yaml")

    static func load(_ body: String) -> Result<Platform, InputError> {
        Result { () throws(InputError) in try PlatformLoader.load(text: "format_version: 1\nname: p\n" + body, sourceName: "p.yaml") }
    }

    static func errors(_ body: String) -> [Diagnostic] {
        if case .failure(let e) = load(body) { return e.diagnostics }
        return []
    }

    @Test func everyBuiltinLoadsAndMarksItsDiscoveryCommandsReadOnly() {
        #expect(Fixtures.platforms.names == ["debian", "el6", "el7", "fedora", "ubuntu", "venv-supervisord", "venv-systemd"])
        for name in Fixtures.platforms.names {
            let p = Fixtures.platforms.platform(named: name)!
            for c in [PlatformCommandName.osRelease, .packageList, .serviceStatus, .queryAs, .dbQueryMySQL] {
                #expect(p.command(c)?.readOnly == true, "\(name) \(c.rawValue)")
            }
            #expect(p.commands.values.filter(\.readOnly).allSatisfy { _ in true })
            #expect(p.command(.serviceStop)?.readOnly == false)
        }
    }

    @Test func unknownCommandsPlaceholdersAndUnmarkedReadsAreRefusedWithTheirLine() {
        let unknown = Self.errors("commands:\n  service-stopp: service {daemon} stop\n")
        #expect(unknown.map(\.id) == ["platform.unknown-command"] && unknown.first?.subject.location?.line == 4)
        let placeholder = Self.errors("commands:\n  service-stop: service {deamon} stop\n")
        #expect(placeholder.map(\.id) == ["platform.unknown-placeholder"] && placeholder.first?.subject.location?.line == 4)
        #expect(placeholder.first?.summary.contains("{daemon}") == true)
        let unmarked = Self.errors("commands:\n  package-list: rpm -qa\n")
        #expect(unmarked.map(\.id) == ["platform.not-read-only"] && unmarked.first?.subject.location?.line == 4)
        let badFlag = Self.errors("commands:\n  os-release:\n    run: cat /etc/issue\n    read_only: yes\n")
        #expect(badFlag.map(\.id) == ["platform.wrong-type"] && badFlag.first?.subject.location?.line == 6)
        #expect(Self.errors("description: x\n").map(\.id) == ["platform.missing-field"])
    }

    @Test func templatesQuoteEveryValueAndLeaveOtherBracesAlone() {
        let t = "rpm -q --qf '%{VERSION}\\n' {package} && echo ${HOME} {{x} {packages}"
        let out = CommandTemplate.render(t, ["package": .word("a b'c"), "packages": .words(["*nova*", "x;rm -rf /"])])
        #expect(out == "rpm -q --qf '%{VERSION}\\n' 'a b'\\''c' && echo ${HOME} {x} '*nova*' 'x;rm -rf /'")
        #expect(CommandTemplate.placeholders(t) == ["package", "packages"])
        #expect(CommandTemplate.render("{script} | {host}", ["script": .script("nova list"), "host": .word("$(id)")]) == "nova list | '$(id)'")
    }

    /// The rdo-22 cloud with every host on another platform.
    static func on(_ platform: String) -> Inventory {
        var inv = lab22
        for i in inv.hosts.indices { inv.hosts[i].platform = platform }
        return inv
    }

    static func commands(_ inv: Inventory) -> String {
        let plan = Planner.plan(Fixtures.request(inv, .live))
        return PlanText.render(plan, inventory: inv, pack: Fixtures.pack, platforms: Fixtures.platforms, commands: true)
    }

    @Test func aDebianCloudGetsAptAndSystemdCommands() {
        let inv = Self.on("debian")
        let plan = Planner.plan(Fixtures.request(inv, .live))
        #expect(PlatformCheck.problems(plan, inventory: inv, pack: Fixtures.pack, platforms: Fixtures.platforms).isEmpty)
        let text = Self.commands(inv)
        let commands = text.split(separator: "\n").filter { $0.hasPrefix("        $ ") }.joined(separator: "\n")
        #expect(!commands.contains("yum ") && !commands.contains("service openstack") && !commands.contains("rpm ") && !commands.contains("chkconfig"))
        #expect(commands.contains("apt-get") && commands.contains("systemctl stop openstack-nova-api"))
        Golden.check(text, "rdo22-live-commands-debian.txt")
    }

    @Test func aPlatformWithoutACommandAStepNeedsIsRefusedAtItsLine() throws {
        let inv = Self.on("venv-supervisord")
        let plan = Planner.plan(Fixtures.request(inv, .live))
        let problems = PlatformCheck.problems(plan, inventory: inv, pack: Fixtures.pack, platforms: Fixtures.platforms)
        #expect(problems.map(\.id).allSatisfy { $0 == "platform.missing-command" })
        // The RDO pack swaps repository packages: a venv platform has no package-erase.
        let missing = try #require(problems.first)
        #expect(problems.contains { $0.summary.contains("platform 'venv-supervisord' has no package-erase command, which step prepare/repo-switch@all needs on ctl-01") })
        #expect(missing.subject.location?.file == "venv-supervisord.yaml" && missing.subject.location?.line != nil)
        // An unknown platform (not validated here) is a missing command too, never a silent empty rendering.
        #expect(!PlatformCheck.problems(plan, inventory: Self.on("nowhere"), pack: Fixtures.pack, platforms: Fixtures.platforms).isEmpty)
    }

    @Test func aPackWithoutClientCommandsIsRefusedWhenAStepNeedsThem() {
        var pack = Fixtures.pack
        pack.client = PackClient()
        let plan = Planner.plan(PlanRequest(inventory: Self.lab22, pack: pack, method: .live, options: .init(),
                                            inventoryRef: InputRef(name: "i", sha256: "0"), packRef: InputRef(name: "p", sha256: "0")))
        let ids = Set(PlatformCheck.problems(plan, inventory: Self.lab22, pack: pack, platforms: Fixtures.platforms).map(\.id))
        #expect(ids == ["pack.missing-client-command"])
    }

    @Test func aClientTemplateWithAnUnknownPlaceholderIsRefusedWithItsLine() {
        let text = Fixtures.packText.replacingOccurrences(of: "nova service-enable {host} nova-compute", with: "nova service-enable {hots} nova-compute")
        #expect(throws: InputError.self) { try PackLoader.load(text: text, sourceName: "p.yaml") }
        do { _ = try PackLoader.load(text: text, sourceName: "p.yaml") } catch {
            #expect(error.diagnostics.map(\.id) == ["pack.unknown-placeholder"] && error.diagnostics[0].subject.location?.line != nil)
        }
    }

    @Test func theCommandListNamesEveryPlatformCommandAndThePacksOwn() {
        let entries = HostCommandList.entries(pack: Fixtures.pack, platforms: [Fixtures.platforms.platform(named: "el6")!])
        #expect(entries.contains { $0.command == "nova-manage db sync" })
        #expect(entries.contains { $0.name.hasPrefix("client.disable_scheduling") })
        #expect(entries.filter { $0.source.hasPrefix("platform el6") }.count
                == Fixtures.platforms.platform(named: "el6")!.commands.values.map(\.scripts.count).reduce(0, +))
        #expect(entries.contains { $0.name == "package-list" && $0.readOnly })
    }
}
