import ArgumentParser
import Foundation
import UpshiftLab

/// `upshift lab`: an emulated RDO Havana cloud on this machine, behind real OpenSSH on loopback addresses.
public struct LabCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run an emulated RDO Havana cloud behind real sshd on loopback addresses.",
        discussion: """
        Examples:
          upshift lab up --computes 2 --dir lab-small  # writes inventory.yaml, ssh_config
          ssh -F lab-small/ssh_config ctl-01 'nova-manage db version'
          upshift lab fault add --dir lab-small --host cmp-01 --kind unreachable
          upshift lab status --dir lab-small
          upshift lab exec --dir lab-small --host ctl-01 'openstack-service status nova' 
          upshift lab down --dir lab-small  # stops every sshd it started
        """,
        subcommands: [LabUpCommand.self, LabDownCommand.self, LabStatusCommand.self, LabExecCommand.self, LabShellCommand.self, LabFaultCommand.self])
    public init() {}

    /// Parses and runs `upshift lab ...` (used by main until the root command registers `LabCommand`).
    public static func runAsRoot(_ arguments: [String]) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var async = command as? any AsyncParsableCommand { try await async.run() } else { try command.run() }
            exit()
        } catch { exit(withError: error) }
    }
}

/// The lab directory option shared by the subcommands.
struct LabDirectoryOption: ParsableArguments {
    @Option(name: .long, help: "The lab directory (state, keys, sshd configs, inventory).")
    var dir: String = ".upshift/lab"
    var path: String { URL(fileURLWithPath: dir).standardizedFileURL.path }
}

/// Writes text to stdout.
func labWrite(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
/// Writes a line to stderr.
func labWarn(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

/// This executable's absolute path (sshd runs it as the ForceCommand).
func labSelfPath() -> String {
    if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
    return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
}

struct LabUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "up", abstract: "Create the lab cloud and start sshd for every host.")
    @OptionGroup var location: LabDirectoryOption
    @Option(help: "Controller hosts.") var controllers = 1
    @Option(help: "Network hosts.") var network = 1
    @Option(help: "Compute hosts.") var computes = 20
    @Option(help: "Base OS: el6, el7 or mixed.") var os = "el6"
    @Option(help: "The sshd port on every lab address (default: the first free port from 2222).") var port: Int?
    @Option(help: "Emulated durations are multiplied by this (300 s vif timeout → 3 s at 0.01).") var timeFactor = 0.01
    @Option(help: "Havana point release installed (2013.2.3; older ones fail the live path's minimum).") var havanaPoint = "2013.2.3"
    @Option(help: "Third octet of the first address (127.0.N.1).") var octet = 77
    @Flag(help: "Let a nova-api pinned to icehouse-compat forward VIF events (reference §3.3 #7 says it cannot; derived, unconfirmed).")
    var pinnedAPIForwardsEvents = false
    @Flag(help: "Create the neutron DB without an alembic version (current prints None).") var neutronUnversioned = false
    @Flag(help: "Create some glance tables latin1 (Icehouse glance-manage db_sync refuses them).") var glanceLatin1 = false
    @Flag(help: "Recreate the cloud even if the directory already holds one (default: serve the existing cloud again).") var fresh = false

    func validate() throws {
        guard ["el6", "el7", "mixed"].contains(os) else { throw ValidationError("--os must be el6, el7 or mixed, not '\(os)'") }
        guard controllers >= 1, network >= 0, computes >= 0, controllers + network + computes <= 2000 else {
            throw ValidationError("need at least one controller and at most 2000 hosts")
        }
        guard (1...254).contains(octet) else { throw ValidationError("--octet must be 1...254") }
        guard timeFactor.isFinite, timeFactor >= 0, timeFactor <= 10 else { throw ValidationError("--time-factor must be between 0 and 10") }
        guard havanaPoint.hasPrefix("2013.2"), havanaPoint.split(separator: ".").count <= 3 else {
            throw ValidationError("--havana-point must be a Havana release such as 2013.2.3, not '\(havanaPoint)'")
        }
    }

    func run() async throws {
        var topo = LabTopology(controllers: controllers, networks: network, computes: computes, os: os,
                               addressOctet: octet, timeFactor: timeFactor, havanaPoint: havanaPoint,
                               pinnedAPIBlocksEvents: !pinnedAPIForwardsEvents)
        topo.neutronUnversioned = neutronUnversioned
        topo.glanceLatin1 = glanceLatin1
        do {
            let r = try await LabSSHD.up(LabUpOptions(topology: topo, directory: location.path, shellCommand: [labSelfPath()], port: port, fresh: fresh))
            labWrite("""
            lab up: \(r.hosts.count) hosts on port \(r.port) (\(r.sshdPIDs.count) sshd)\(r.reused ? ", existing cloud state reused (--fresh recreates it)" : "")
              inventory:  \(r.inventoryPath)
              ssh config: \(r.sshConfigPath)
            try:
              ssh -F \(r.sshConfigPath) \(r.hosts.first?.name ?? "ctl-01") 'cat /etc/redhat-release'
              upshift discover --inventory \(r.inventoryPath) --ssh-config \(r.sshConfigPath)
              upshift lab down --dir \(r.directory)

            """)
        } catch {
            labWarn("error: lab up: \(error)"); throw ExitCode(1)
        }
    }
}

struct LabDownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "down", abstract: "Stop every sshd the lab started (the cloud state stays).")
    @OptionGroup var location: LabDirectoryOption
    func run() async throws {
        let stopped = await LabSSHD.down(directory: location.path)
        labWrite("lab down: stopped \(stopped.count) sshd process\(stopped.count == 1 ? "" : "es")\n")
    }
}

struct LabShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shell", abstract: "Run one ssh command against the lab (sshd's ForceCommand).", shouldDisplay: false)
    @OptionGroup var location: LabDirectoryOption
    func run() async throws {
        let out = await LabSSHEntry.run(directory: location.path, stdin: { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) })
        FileHandle.standardOutput.write(Data(out.stdout))
        FileHandle.standardError.write(Data(out.stderr))
        if out.exitStatus != 0 { throw ExitCode(out.exitStatus) }
    }
}

struct LabExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "exec", abstract: "Run one command on a lab host in-process (no ssh; same state and faults).")
    @OptionGroup var location: LabDirectoryOption
    @Option(help: "The lab host (ctl-01, cmp-03, ...).") var host: String
    @Argument(help: "The command line, as it would arrive over ssh.") var command: String
    func run() async throws {
        let store = FileLabStore(directory: URL(fileURLWithPath: location.path))
        do { guard try store.read().host(host) != nil else { labWarn("error: no lab host named \(host)"); throw ExitCode(1) } } catch let e as LabError {
            labWarn("error: \(e)"); throw ExitCode(1)
        }
        let out = await LabShell(store: store).run(command, on: host, stdin: { [UInt8](FileHandle.standardInput.readDataToEndOfFile()) })
        FileHandle.standardOutput.write(Data(out.stdout))
        FileHandle.standardError.write(Data(out.stderr))
        if out.exitStatus != 0 { throw ExitCode(out.exitStatus) }
    }
}
