import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

/// The work of `upshift discover`, apart from building the transport (so tests use a fake one).
public enum DiscoverRun {
    /// Discovers every host of the inventory at `inventoryPath`, writes facts.json to `output`
    /// (or prints it), reports problems on stderr, and throws exit 1 when some host failed.
    public static func execute(inventoryPath: String, packName: String, output: String?, parallel: Int,
                               transport: any HostTransport) async throws(CLIFailure) -> DiscoveryReport {
        let pack = try PackLibrary.load(packName)
        let loaded = try InventoryInput.loadWithPlatforms(inventoryPath, pack: pack)
        let inventory = loaded.inventory
        let report = await Discovery(transport: transport, pack: pack, inventory: inventory, platforms: loaded.platforms, parallel: parallel).run(inventory)
        await transport.shutdown()
        let json = JSONOut.encode(report.facts)
        if let output { try OutputFile.write(json + "\n", to: output) } else { Console.out(json) }
        Console.report(report.problems)
        let reached = report.facts.hosts.filter(\.reachable).count
        Console.err("discovered \(reached) of \(report.facts.hosts.count) hosts, \(report.facts.databases.count) database versions" +
                    (output.map { "; facts written to \($0 == "-" ? "standard output" : $0)" } ?? ""))
        if report.someHostsFailed {
            let down = report.facts.hosts.filter { !$0.reachable }.map(\.host)
            throw CLIFailure([Diagnostic(id: "discover.hosts-failed", severity: .error,
                summary: "\(down.count) host(s) could not be discovered; their facts are marked unreachable",
                fix: "fix the reasons above and run discover again", subject: .init(hosts: down))], code: UpshiftExit.failure)
        }
        return report
    }
}
