import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

/// The work of `upshift probe`, apart from building the transport (so tests use a fake one).
public enum ProbeRun {
    /// Probes the cloud of the inventory at `inventoryPath` for `options.duration`, writes the
    /// JSON report to `output` (if given), prints text or JSON, and throws exit 1 when any
    /// operation failed.
    public static func execute<C: Clock>(inventoryPath: String, packName: String, options: ProbeOptions, json: Bool,
                                         output: String?, transport: any HostTransport,
                                         clock: C) async throws(CLIFailure) -> ProbeReport where C.Duration == Duration {
        let pack = try PackLibrary.load(packName)
        let spec = try probeSpec(of: pack)
        let inventory = try InventoryInput.load(inventoryPath, pack: pack)
        guard let api = inventory.hosts.first(where: { $0.has(spec.role) }) else {
            throw CLIFailure("the inventory has no host with the role '\(spec.role)' the probe runs on", id: "inventory.missing-probe-host",
                             code: UpshiftExit.invalidInput, file: inventoryPath)
        }
        var options = options
        // The pack says how this cloud is probed; flavor and image stay as the caller chose.
        options.operations = spec
        options.apis = spec.apis.map(ProbeAPI.init)
        options.limitAPIs(to: inventory)
        let startedAt = Date()
        let handle = WorkloadProbe(transport: transport, apiHost: HostTarget(api), options: options, clock: clock).start()
        // Ctrl-C (SIGINT) ends the run early: its instances are still deleted and the report written.
        ExecuteSession.interruptStopsNow { handle.cancel() }
        var report = await handle.report()
        report.startedAt = startedAt
        ExecuteSession.interruptIgnored()
        await transport.shutdown()
        if let output { try OutputFile.write(JSONOut.encode(report) + "\n", to: output) }
        if output == "-" {  // the JSON report is the output
        } else if json { Console.out(JSONOut.encode(report)) } else { FileHandle.standardOutput.write(Data(report.text.utf8)) }
        if !report.clean {
            throw CLIFailure([Diagnostic(id: "probe.failures", severity: .error,
                summary: "\(report.failedOperations) probe operation(s) failed", subject: .init(hosts: [api.name]))],
                code: UpshiftExit.failure)
        }
        return report
    }

    /// The pack's `probe:` section, or a usage error naming the pack when it has none.
    public static func probeSpec(of pack: Pack) throws(CLIFailure) -> ProbeSpec {
        guard let spec = pack.probe else {
            throw CLIFailure("pack '\(pack.name)' has no probe: section (the workload probe's commands)", id: "probe.no-operations", code: UpshiftExit.invalidInput)
        }
        return spec
    }

    /// Parses `60s`, `5m`, `1h` or a bare number of seconds.
    public static func duration(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count)), v > 0 else { return nil }
            return .milliseconds(Int64((v * factor * 1000).rounded()))
        }
        guard let v = Double(t), v > 0 else { return nil }
        return .milliseconds(Int64((v * 1000).rounded()))
    }
}
