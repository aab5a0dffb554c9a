import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftLab
import UpshiftModel
import UpshiftPlanning
import UpshiftSSH

/// `upshift demo`: the whole journey against the built-in lab, with a workload running.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Lab up (1 controller, 1 network, 20 computes) + workload probe + live plan + apply + report + lab down.",
        discussion: """
        Starts an emulated RDO Havana cloud behind real sshd on loopback addresses, plans a live upgrade to
        Icehouse, applies it over OpenSSH while a workload probe boots instances and calls every API, prints the
        report (per-host timings, failed boots, seconds of API unavailability) and tears the lab down.
        Examples:
          upshift demo
          upshift demo --computes 4 --dir /tmp/upshift-demo --keep-lab

        \(UpshiftExit.helpText)
        """)

    @Option(help: "Lab directory (default: a new temporary directory).") var dir: String?
    @Option(help: "Compute hosts in the lab.") var computes = 20
    // 0.1: a nominal 60 s schema sync lasts 6 s, long beside the lab's own cost per command and the
    // probe's sampling interval, so the measured Nova API outage is about the upgrade, not the emulator
    // (at 0.01 the sync lasts 0.6 s and a few tens of milliseconds of emulation per step weigh 10-20 %).
    @Option(help: "Emulated durations are multiplied by this (0.1: a 60 s schema sync lasts 6 s; 0.01 is quicker but the lab's own fixed costs then weigh on the measured outage).") var timeFactor = 0.1
    @Option(help: "Computes per batch after the canary.") var batchSize = 5
    @Option(help: "Hosts acted on at once.") var parallel = 22
    @Option(name: .customLong("api-interval"), help: "Time between two rounds of probe API calls: the Nova API outage is measured to about this.") var apiInterval = "250ms"
    @Flag(help: "Leave the lab running at the end (upshift lab down --dir DIR stops it).") var keepLab = false

    func validate() throws {
        guard (1...200).contains(computes) else { throw ValidationError("--computes must be 1...200") }
        guard batchSize >= 1, parallel >= 1 else { throw ValidationError("--batch-size and --parallel must be at least 1") }
        guard ProbeRun.duration(apiInterval) != nil else { throw ValidationError("--api-interval takes a time such as 250ms or 1s") }
    }

    func run() async throws {
        let dir: String
        if let given = self.dir { dir = given } else {
            do { dir = try PrivateDirectory.makeTemporary(prefix: "upshift-demo-") } catch { throw CLIFailure(error.message) }
        }
        let started = ContinuousClock.now
        Console.err("== upshift demo in \(dir)")
        try await Self.sub(["lab", "up", "--dir", dir, "--computes", "\(computes)", "--time-factor", "\(timeFactor)", "--fresh"])
        var failure: (any Error)?
        do {
            try await journey(dir)
        } catch { failure = error }
        if !keepLab { try? await Self.sub(["lab", "down", "--dir", dir]) }
        Console.err("== demo finished in \(Int((ContinuousClock.now - started).components.seconds)) s" + (failure == nil ? "" : " with a failure"))
        if let failure { throw failure }
    }

    func journey(_ dir: String) async throws {
        let inventory = dir + "/inventory.yaml", sshConfig = dir + "/ssh_config", plan = dir + "/plan.json", state = dir + "/state"
        Console.err("== plan (live)")
        try await Self.sub(["plan", "--inventory", inventory, "--method", "live", "--batch-size", "\(batchSize)", "-o", plan, "--output", "markdown"])
        let pack = try PackLibrary.load(PackLibrary.defaultName)
        let inv = try Inputs.inventory(inventory, pack: pack).inventory
        let transport = try OpenSSHTransport(options: OpenSSHTransport.Options(configFile: sshConfig))
        var options = ProbeOptions(duration: .seconds(3600), operations: try ProbeRun.probeSpec(of: pack))
        options.apiInterval = ProbeRun.duration(apiInterval)
        options.migrate = true
        options.networkID = try await Self.privateNetwork(inv, transport)
        guard let probe = WorkloadProbe(inventory: inv, transport: transport, options: options, clock: ContinuousClock()) else {
            throw CLIFailure("the lab inventory has no API host for the probe", id: "demo.probe")
        }
        Console.err("== apply, with the workload probe running")
        let probeStarted = Date()
        let handle = probe.start()
        var applyError: (any Error)?
        do {
            try await Self.sub(["apply", plan, "--inventory", inventory, "--yes", "--ssh-config", sshConfig, "--state", state, "--parallel", "\(parallel)",
                                "--metrics-file", dir + "/upshift.prom"])
        } catch { applyError = error }
        var report = await handle.stop()
        report.startedAt = probeStarted
        let window = try DemoProbeRecord.save(report, state: state)
        var stateOptions = StateOptions()
        stateOptions.directory = state
        // The metrics file again, now with the probe's API outage seconds.
        if let run = try? ReportCommand.load(stateOptions) { RunMetrics.write(RunMetrics(run).render(), to: dir + "/upshift.prom") }
        await transport.shutdown()
        Console.err("== report")
        try await Self.sub(["report", "--state", state])
        try await Self.sub(["report", "--state", state, "--output", "html", "-o", dir + "/report.html"])
        Console.out(DemoProbeRecord.verdict(report, window: window))
        Console.out("\nHTML report: \(dir)/report.html\nPrometheus metrics: \(dir)/upshift.prom")
        if let applyError { throw applyError }
    }

    /// The id of the lab's `private` network, for `nova boot --nic net-id=` (the API then validates it through neutron).
    static func privateNetwork(_ inv: Inventory, _ t: any HostTransport) async throws -> String? {
        guard let api = inv.hosts.first(where: { $0.has("controller") }) else { return nil }
        let r = try await t.run(RemoteCommand(". /root/keystonerc_admin && neutron net-list"), on: HostTarget(api))
        for line in r.stdoutText.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 2, cells[1] == "private" { return cells[0] }
        }
        return nil
    }

    /// Runs another upshift subcommand in this process (the same code paths as the CLI).
    static func sub(_ args: [String]) async throws {
        var command = try Upshift.parseAsRoot(args)
        if var a = command as? AsyncParsableCommand { try await a.run() } else { try command.run() }
    }
}

/// Stores the probe's report with the run it watched, so `upshift report` shows it, and measures
/// the lower bound of the Nova API outage: the nova schema sync's duration, from the journal.
enum DemoProbeRecord {
    /// Returns the duration of the nova schema sync in seconds (nil when the run has none).
    static func save(_ report: ProbeReport, state: String) throws -> Double? {
        var options = StateOptions()
        options.directory = state
        let journal = try options.openJournal(create: false)
        guard let run = try journal.latestRun() else { return nil }
        try journal.recordProbe(report, run: run.id)
        let sync = try journal.units(of: run.id).first { $0.unit.step.rawValue.hasPrefix("nova/db-sync") }
        guard let start = sync?.startedAt, let end = sync?.endedAt else { return nil }
        return end.timeIntervalSince(start)
    }

    /// The demo's acceptance line: failed boots and the Nova API outage against the sync window.
    static func verdict(_ r: ProbeReport, window: Double?) -> String {
        let nova = r.apis.first { $0.api.name == "nova" }
        var lines = ["", "Demo verdict (measured in this run):",
                     "  instance boots: \(r.boots.attempted) attempted, \(r.boots.active) active, \(r.boots.failed) failed, \(r.boots.refused) refused by an unavailable API"]
        if let nova {
            let w = window.map { String(format: "%.1f s", $0) } ?? "unknown"
            let ratio = window.flatMap { $0 > 0 ? String(format: " (%.2fx the sync window)", nova.longestOutageSeconds / $0) : nil } ?? ""
            lines.append("  Nova API: unavailable \(String(format: "%.1f", nova.unavailableSeconds)) s in all, longest outage "
                + "\(String(format: "%.1f", nova.longestOutageSeconds)) s\(ratio); nova schema sync took \(w)")
        }
        if let every = nova?.resolutionSeconds {
            lines.append("  (the Nova API was called every \(String(format: "%.2f", every)) s (median), so the outage figures are accurate to about that)")
        }
        return lines.joined(separator: "\n")
    }
}
