import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
@testable import UpshiftCLI
import UpshiftTestSupport

/// A cloud of two hosts answering like RDO Havana on EL6; `down` hosts are unreachable.
struct FakeCloudTransport: HostTransport {
    var down: Set<HostName> = []
    func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
        if down.contains(host.name) { throw TransportError(.unreachable, host: host.name, message: "ssh: connect to host \(host.address) port 22: Connection timed out") }
        let s = command.script
        func ok(_ t: String) -> CommandResult { CommandResult(exitStatus: 0, stdout: Array(t.utf8)) }
        if s == "cat /etc/redhat-release" { return ok("CentOS release 6.5 (Final)\n") }
        if s.hasPrefix("rpm -qa") { return ok("openstack-nova-common 2013.2.3-1.el6\n") }
        if s.hasPrefix("service ") {  // every daemon runs: answer each `&& echo <marker>` of the chained status script
            return ok(s.components(separatedBy: "; ").compactMap { $0.components(separatedBy: "&& echo ").last }.map { $0 + "\n" }.joined())
        }
        if s.contains("nova-manage db version") { return ok("216\n") }
        if s.contains("nova boot") { return ok("+---+---+\n| Property | Value |\n+---+---+\n| id | 11111111-2222-3333-4444-555555555555 |\n+---+---+\n") }
        if s.contains("nova show") { return ok("+---+---+\n| Property | Value |\n+---+---+\n| status | ACTIVE |\n+---+---+\n") }
        if s.hasPrefix(". /root/keystonerc_admin && ") { return ok("+----+\n| ok |\n+----+\n") }
        return CommandResult(exitStatus: 1, stderr: Array("cat: no such file\n".utf8))
    }
}

@Suite struct DiscoverProbeRunTests {
    static let inventory = """
    format_version: 1
    name: two
    defaults: {os: el6, release: havana}
    settings: {services: [keystone, nova]}
    hosts:
      - {name: ctl-01, address: 192.0.2.10, roles: [controller]}
      - {name: cmp-01, address: 192.0.2.21, roles: [compute]}

    """

    func temp(_ name: String, _ text: String? = nil) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-disc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) }
        return path
    }

    @Test func discoverWritesFactsThatDecode() async throws {
        let inv = try temp("inventory.yaml", Self.inventory), out = try temp("facts.json")
        let report = try await DiscoverRun.execute(inventoryPath: inv, packName: "havana-icehouse", output: out, parallel: 4,
                                                   transport: FakeCloudTransport())
        let facts = try JSONDecoder().decode(Facts.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(facts == report.facts)
        #expect(facts.database("nova")?.version == "216")
        #expect(facts.host("ctl-01")?.running.contains("openstack-nova-api") == true)
    }

    @Test func anUnreachableHostMakesDiscoverExitWithOneButTheFactsAreWritten() async throws {
        let inv = try temp("inventory.yaml", Self.inventory), out = try temp("facts.json")
        await #expect {
            _ = try await DiscoverRun.execute(inventoryPath: inv, packName: "havana-icehouse", output: out, parallel: 1,
                                              transport: FakeCloudTransport(down: ["cmp-01"]))
        } throws: { ($0 as? CLIFailure)?.code == 1 }
        let facts = try JSONDecoder().decode(Facts.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(facts.host("cmp-01")?.reachable == false && facts.host("ctl-01")?.reachable == true)
    }

    @Test func probeRunsOnTheControllerAndWritesJSON() async throws {
        let inv = try temp("inventory.yaml", Self.inventory), out = try temp("probe.json")
        var options = ProbeOptions(duration: .seconds(1))
        options.interval = .milliseconds(100)
        let report = try await ProbeRun.execute(inventoryPath: inv, packName: "havana-icehouse", options: options, json: false,
                                                output: out, transport: FakeCloudTransport(), clock: JumpingClock())
        #expect(report.host == "ctl-01")
        #expect(report.apis.map(\.api) == [.keystone, .nova])
        #expect(report.clean && report.boots.active >= 1)
        let decoder = JSONDecoder(); decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(ProbeReport.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(decoded.apis == report.apis)
    }

    @Test(arguments: [("60s", 60_000), ("5m", 300_000), ("90", 90_000), ("1.5s", 1_500), ("250ms", 250)] as [(String, Int64)])
    func durationsParse(text: String, ms: Int64) {
        #expect(ProbeRun.duration(text) == .milliseconds(ms))
    }

    @Test func badDurationsAreRejected() {
        #expect(ProbeRun.duration("soon") == nil && ProbeRun.duration("-5s") == nil && ProbeRun.duration("0") == nil)
    }
}

@Suite struct FactsInputTests {
    static let inventory = Inventory(name: "t", settings: CloudSettings(services: []), hosts: [
        Host(name: "ctl-01", address: "a", os: .el6, release: "havana", roles: ["controller"]),
    ])

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("facts-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func factsOfAnotherCloudOrAFutureVersionExitWith65() throws {
        let other = try write("{\"format_version\": 1, \"hosts\": [{\"host\": \"x\", \"reachable\": true, \"packages\": {}, \"running\": [], \"config\": {}}], \"databases\": []}")
        #expect(throws: CLIFailure.self) { _ = try FactsInput.load(other, inventory: Self.inventory) }
        let future = try write("{\"format_version\": 9, \"hosts\": [], \"databases\": []}")
        do { _ = try FactsInput.load(future, inventory: Self.inventory); Issue.record("accepted") } catch {
            #expect(error.code == 65 && error.diagnostics.map(\.id) == ["facts.unsupported-format-version"])
        }
        #expect(try FactsInput.load(nil, inventory: Self.inventory) == nil)
    }
}
