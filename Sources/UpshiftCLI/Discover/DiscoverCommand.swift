import ArgumentParser
import UpshiftExecution
import UpshiftModel
import UpshiftSSH

/// `upshift discover`: OS, packages, running daemons, key config values and schema versions of
/// every host, over the system ssh, written to facts.json for `check --facts` and `plan --facts`.
public struct DiscoverCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "discover", abstract: "Ask every host over ssh what it runs; write facts.json.",
        discussion: """
        Per host: /etc/redhat-release, rpm -qa, the status of the daemons the pack expects there,
        the non-secret config values the pack's rules mention; on the database hosts the schema
        versions. Secret-looking options are never collected. An unreachable host is reported with
        the reason and the others go on; the exit status is then 1.
        Examples:
          upshift discover --inventory inventory.yaml -o facts.json
          upshift discover --inventory lab/inventory.yaml --ssh-config lab/ssh_config --parallel 16

        \(UpshiftExit.helpText)
        """)
    @Option(help: "The inventory YAML file.") var inventory: String
    @Option(name: .customLong("ssh-config"), help: "An ssh config file (default: the inventory's ssh.config, else your ~/.ssh/config).") var sshConfig: String?
    @Option(name: .shortAndLong, help: "Write facts.json here (default: standard output).") var outputFile: String?
    @Option(help: "Hosts asked at once.") var parallel: Int = 16
    @Option(help: "A built-in pack name or a pack file.") var pack: String = PackLibrary.defaultName
    @Option(name: .customLong("ssh-persist"), help: SSHPersist.help()) var sshPersist: Int?
    @OptionGroup var ssh: SSHTuning
    public init() {}

    public func validate() throws {
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
        try SSHPersist.validate(sshPersist)
    }

    public func run() async throws {
        let transport: OpenSSHTransport
        let config = sshConfig ?? InventorySSH.config(inventoryPath: inventory, pack: pack)
        var sshOptions = OpenSSHTransport.Options(configFile: config, parallelLimit: parallel, persistSeconds: sshPersist)
        ssh.apply(to: &sshOptions)
        do { transport = try OpenSSHTransport(options: sshOptions) }
        catch { throw CLIFailure(error.description, id: "ssh.local-failure", code: UpshiftExit.failure) }
        _ = try await DiscoverRun.execute(inventoryPath: inventory, packName: pack, output: outputFile, parallel: parallel, transport: transport)
    }
}
