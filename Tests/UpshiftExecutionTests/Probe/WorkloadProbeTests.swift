import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
import UpshiftTestSupport

@Suite struct WorkloadProbeTests {
    static let host = HostTarget(name: "ctl", address: "192.0.2.10")

    static func bootTable(_ id: String) -> String {
        """
        +--------------------------------------+--------------------------------------+
        | Property                             | Value                                |
        +--------------------------------------+--------------------------------------+
        | OS-DCF:diskConfig                    | MANUAL                               |
        | OS-EXT-STS:vm_state                  | building                             |
        | adminPass                            | Xq3hTz9vB2kP                         |
        | id                                   | \(id) |
        | name                                 | upshift-probe-1                      |
        | status                               | BUILD                                |
        +--------------------------------------+--------------------------------------+

        """
    }

    static func showTable(_ status: String, fault: String? = nil) -> String {
        var rows = "| status                               | \(status) |\n"
        if let fault { rows += "| fault                                | \(fault) |\n" }
        return "+------+------+\n| Property | Value |\n+------+------+\n\(rows)+------+------+\n"
    }

    /// A cloud where boots go BUILD → (status) on the next show; nova is down between t=10 s and t=20 s.
    static func transport(clock: JumpingClock, status: String = "ACTIVE") -> ScriptedTransport {
        let counter = Counter()
        return ScriptedTransport { _, script in
            let t = Double(clock.now.offset.components.seconds)
            guard script.hasPrefix(". /root/keystonerc_admin && ") else { return .fail(2, "no credentials sourced") }
            let command = String(script.dropFirst(". /root/keystonerc_admin && ".count))
            if command.hasPrefix("nova"), t >= 10, t < 20 {
                return .fail(1, "ERROR: Unable to establish connection to http://192.0.2.10:8774/v2/abc/servers/detail")
            }
            if command.hasPrefix("nova boot") { return .ok(bootTable(String(format: "%08ld-3128-4674-ab16-dd1b7ecc126e", counter.next()))) }
            if command.hasPrefix("nova show") { return .ok(showTable(status, fault: status == "ERROR" ? "{\"message\": \"Build of instance aborted: Failed to allocate the network(s)\", \"code\": 500}" : nil)) }
            return .ok("+----+\n| ok |\n+----+\n")
        }
    }

    @Test func theProbeMeasuresUnavailabilityPerAPIAndCountsBoots() async throws {
        let clock = JumpingClock()
        var options = ProbeOptions(duration: .seconds(40))
        options.interval = .seconds(2)
        options.apis = [.nova, .glance]
        let transport = Self.transport(clock: clock)
        let report = await WorkloadProbe(transport: transport, apiHost: Self.host, options: options, clock: clock).run()
        let nova = try #require(report.apis.first { $0.api == .nova })
        let glance = try #require(report.apis.first { $0.api == .glance })
        #expect(nova.calls == 20 && nova.failures == 5)
        #expect(nova.unavailableSeconds == 10 && nova.longestOutageSeconds == 10)
        #expect(glance.failures == 0 && glance.unavailableSeconds == 0)
        #expect(report.boots.active == 7 && report.boots.attempted == 8 && report.boots.deleted == 8)
        #expect(report.boots.leftBehind.isEmpty)
        #expect(report.failures.allSatisfy { $0.atSeconds >= 10 && $0.atSeconds < 20 })
        #expect(report.durationSeconds == 40)
        #expect(report.text.contains("nova      20 calls, 5 failed, unavailable 10 s (longest 10 s)"))
    }

    @Test func aBootThatEndsInErrorCountsAsFailedAndIsDeleted() async throws {
        let clock = JumpingClock()
        var options = ProbeOptions(duration: .seconds(8))
        options.apis = []
        let transport = Self.transport(clock: clock, status: "ERROR")
        let report = await WorkloadProbe(transport: transport, apiHost: Self.host, options: options, clock: clock).run()
        #expect(report.boots.failed == 2 && report.boots.active == 0 && report.boots.deleted == 2)
        #expect(report.failures.first?.message.hasPrefix("ended in ERROR") == true)
        let log = await transport.log.map(\.1)
        #expect(log.contains { $0.hasSuffix("nova delete 00000001-3128-4674-ab16-dd1b7ecc126e") })
        #expect(!report.text.contains("Xq3hTz9vB2kP"))
    }

    @Test func bootsAreBoundedAndTheRunStopsByItself() async {
        let clock = JumpingClock()
        var options = ProbeOptions(duration: .seconds(600))
        options.maxBoots = 3
        options.apis = [.keystone]
        let report = await WorkloadProbe(transport: Self.transport(clock: clock), apiHost: Self.host, options: options, clock: clock).run()
        #expect(report.boots.attempted == 3)
        #expect(report.durationSeconds == 600)
    }

    @Test func aBackgroundProbeStopsOnRequestAndCleansUp() async {
        let clock = JumpingClock()
        var options = ProbeOptions(duration: .seconds(3600))
        options.apis = [.nova]
        let transport = Self.transport(clock: clock, status: "BUILD")
        let probe = WorkloadProbe(transport: transport, apiHost: Self.host, options: options, clock: clock)
        let handle = probe.start()
        while await transport.log.count < 6 { await Task.yield() }
        let report = await handle.stop()
        #expect(report.durationSeconds < 3600)
        #expect(report.boots.attempted == report.boots.deleted)
        let log = await transport.log.map(\.1)
        #expect(log.last?.contains("nova delete") == true)
    }

    @Test func prettyTablesFromTheClientsParse() {
        let list = """
        +--------------------------------------+-----------------+--------+------------+-------------+------------------+
        | ID                                   | Name            | Status | Task State | Power State | Networks         |
        +--------------------------------------+-----------------+--------+------------+-------------+------------------+
        | 5e2cd1f4-0c4a-4c8e-9f0e-2f1f1c2b9d11 | upshift-probe-1 | ACTIVE | -          | Running     | private=10.0.0.2 |
        +--------------------------------------+-----------------+--------+------------+-------------+------------------+
        """
        let records = PrettyTable.records(list)
        #expect(records.count == 1 && records[0]["Status"] == "ACTIVE" && records[0]["Name"] == "upshift-probe-1")
        let wrapped = "+---+---+\n| Property | Value |\n+---+---+\n| fault | line one |\n|       | line two |\n+---+---+\n"
        #expect(PrettyTable.properties(wrapped)["fault"] == "line one\nline two")
    }
}

/// A thread-safe counter for ids handed out by a fake cloud.
final class Counter: @unchecked Sendable {
    // Invariant: `value` is touched only while holding `lock`.
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { value += 1; return value } }
}

@Suite struct WorkloadProbeInventoryTests {
    @Test func aProbeForAnInventoryCallsOnlyItsServicesAPIsOnTheController() {
        let inv = Inventory(name: "t", settings: CloudSettings(services: ["keystone", "nova", "glance"]), hosts: [
            Host(name: "cmp", address: "c", os: .el6, release: "havana", roles: ["compute"]),
            Host(name: "ctl", address: "a", os: .el6, release: "havana", roles: ["controller"]),
        ])
        let probe = WorkloadProbe(inventory: inv, transport: ScriptedTransport { _, _ in .ok("") },
                                  options: ProbeOptions(duration: .seconds(1)), clock: JumpingClock())
        #expect(probe?.apiHost.name == "ctl")
        #expect(probe?.options.apis == [.keystone, .nova, .glance])
        let noController = Inventory(name: "t", settings: CloudSettings(services: []), hosts: [inv.hosts[0]])
        #expect(WorkloadProbe(inventory: noController, transport: ScriptedTransport { _, _ in .ok("") },
                              options: ProbeOptions(duration: .seconds(1)), clock: JumpingClock()) == nil)
    }
}
