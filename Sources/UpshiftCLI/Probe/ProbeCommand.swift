import ArgumentParser
import UpshiftExecution
import UpshiftModel
import UpshiftSSH

/// `upshift probe`: the workload probe, standalone.
public struct ProbeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Keep calling every API and booting instances; report failures and downtime per API.",
        discussion: """
        Runs the commands of the pack's probe: section over ssh on the first host with the probe's
        role (havana-icehouse: the first controller, after sourcing /root/keystonerc_admin: each round
        calls keystone token-get, nova list, neutron net-list, glance image-list and cinder list for
        the services the inventory enables, and boots, polls and deletes one m1.tiny cirros instance
        named upshift-probe-N). A boot that ends in ERROR or is not ACTIVE in time counts as failed.
        Unavailability per API runs from each failed call to the next call. The probe deletes its
        instances and stops by itself after --duration, or at a Ctrl-C (SIGINT); the exit status is 1
        when anything failed.
        Examples:
          upshift probe --inventory inventory.yaml --duration 60s
          upshift probe --inventory inventory.yaml --duration 10m -o probe.json --output json

        \(UpshiftExit.helpText)
        """)
    @Option(help: "The inventory YAML file.") var inventory: String
    @Option(help: "How long to run: 60s, 10m, 1h.") var duration: String = "60s"
    @Option(help: "Time between two workload steps (boot, poll or delete one instance).") var interval: String = "2s"
    @Option(name: .customLong("api-interval"), help: "Time between two rounds of API calls (default: --interval); outages are measured to about this.") var apiInterval: String?
    @Option(name: .customLong("max-boots"), help: "Boot at most this many instances.") var maxBoots: Int = 500
    @Flag(name: .customLong("no-boots"), help: "Only call the APIs; boot nothing.") var noBoots = false
    @Flag(name: .customLong("migrate"), help: "Also cold-migrate each ACTIVE instance to another compute and confirm it (needs migration set up between computes).") var migrate = false
    @Option(help: "Flavor of the probe instances (default: the pack's, m1.tiny).") var flavor: String?
    @Option(help: "Image of the probe instances (default: the pack's, cirros).") var image: String?
    @Option(name: .customLong("nic"), help: "Network id for --nic net-id=… (clouds with several networks).") var networkID: String?
    @Option(name: .customLong("ssh-config"), help: "An ssh config file (default: the inventory's ssh.config, else your ~/.ssh/config).") var sshConfig: String?
    @Option(name: .shortAndLong, help: "Also write the JSON report here.") var outputFile: String?
    @Option(help: "text or json") var output: TextOrJSON = .text
    @Option(help: "A built-in pack name or a pack file.") var pack: String = PackLibrary.defaultName
    @Option(name: .customLong("ssh-persist"), help: SSHPersist.help()) var sshPersist: Int?
    @OptionGroup var ssh: SSHTuning
    public init() {}

    public func validate() throws {
        guard ProbeRun.duration(duration) != nil else { throw ValidationError("--duration takes a time such as 60s, 10m or 1h") }
        guard ProbeRun.duration(interval) != nil else { throw ValidationError("--interval takes a time such as 2s") }
        if let a = apiInterval, ProbeRun.duration(a) == nil { throw ValidationError("--api-interval takes a time such as 500ms or 1s") }
        guard maxBoots >= 0 else { throw ValidationError("--max-boots must not be negative") }
        try SSHPersist.validate(sshPersist)
    }

    public func run() async throws {
        let spec = try ProbeRun.probeSpec(of: PackLibrary.load(pack))
        var options = ProbeOptions(duration: ProbeRun.duration(duration)!, operations: spec)
        options.interval = ProbeRun.duration(interval)!
        options.apiInterval = apiInterval.flatMap(ProbeRun.duration)
        if migrate, spec.migrate == nil {
            throw CLIFailure("pack '\(pack)' has no probe.migrate: operations, so --migrate cannot be used", id: "probe.no-migrate", code: UpshiftExit.usage)
        }
        options.maxBoots = maxBoots; options.boots = !noBoots; options.migrate = migrate
        if let flavor { options.flavor = flavor }
        if let image { options.image = image }
        options.networkID = networkID
        let transport: OpenSSHTransport
        let config = sshConfig ?? InventorySSH.config(inventoryPath: inventory, pack: pack)
        var sshOptions = OpenSSHTransport.Options(configFile: config, persistSeconds: sshPersist)
        ssh.apply(to: &sshOptions)
        do { transport = try OpenSSHTransport(options: sshOptions) }
        catch { throw CLIFailure(error.description, id: "ssh.local-failure", code: UpshiftExit.failure) }
        _ = try await ProbeRun.execute(inventoryPath: inventory, packName: pack, options: options, json: output == .json,
                                       output: outputFile, transport: transport, clock: ContinuousClock())
    }
}
