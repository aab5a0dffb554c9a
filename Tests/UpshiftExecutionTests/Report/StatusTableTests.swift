import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
import UpshiftTestSupport

@Suite("status: phases and hosts in a compact table")
struct StatusTableTests {
    @Test("a phase counts steps (done when every unit succeeded), a host counts its units")
    func counts() async throws {
        let r = try await ReportFixture.report()
        let t = StatusTable(r, now: r.updatedAt)
        let computes = try #require(t.phases.first { $0.name == "computes" })
        // upgrade@batch-00 and start@batch-00 done; upgrade@batch-01 failed on c3; start@batch-01 never ran.
        #expect(computes.total == 4 && computes.done == 2 && computes.failed == 1 && computes.running == 0)
        let c3 = try #require(t.hosts.first { $0.name == "c3" })
        #expect(c3.failed == 1 && c3.done == 0 && c3.phase == "computes")
        #expect(t.hosts.map(\.name) == ["ctl", "c1", "c2", "c3", "c4"])
    }

    @Test("the default view is one line per phase and per host; --units lists every unit")
    func views() async throws {
        let r = try await ReportFixture.report()
        let table = StatusText.render(r, now: r.updatedAt)
        let hostRows = table.split(separator: "\n", omittingEmptySubsequences: false).drop { !$0.hasPrefix("HOST ") }.dropFirst().prefix { !$0.isEmpty }
        #expect(hostRows.map { String($0.split(separator: " ")[0]) } == ["ctl", "c1", "c2", "c3", "c4"])
        #expect(!table.contains("succeeded   nova/stop@ctl"))
        #expect(StatusText.render(r, units: true).contains("  succeeded   nova/stop@ctl"))
        Golden.check(table, "status.txt")
    }
}
