import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// `discover` runs only platform commands marked read-only (and `cat` of config files).
@Suite struct DiscoveryReadOnlyTests {
    /// el6 with its package list and status no longer marked read-only (a platform built in memory:
    /// the loader would refuse such a file).
    static let unmarked: PlatformSet = {
        var el6 = CloudFixture.platforms.platform(named: "el6")!
        el6.commands[.packageList]?.readOnly = false
        el6.commands[.serviceStatus]?.readOnly = false
        el6.commands[.queryAs] = nil
        return PlatformSet([el6, CloudFixture.platforms.platform(named: "el7")!])
    }()

    @Test func aCommandNotMarkedReadOnlyIsNeverRun() async throws {
        let transport = ScriptedTransport(DiscoveryTests.cloud)
        let report = await Discovery(transport: transport, pack: DiscoveryTests.pack, inventory: DiscoveryTests.inventory,
                                     platforms: Self.unmarked).run(DiscoveryTests.inventory)
        let ran = await transport.commands(on: "ctl")
        #expect(ran.contains("cat /etc/redhat-release"))
        #expect(!ran.contains { $0.hasPrefix("rpm ") || $0.hasPrefix("service ") || $0.hasPrefix("runuser ") })
        let ctl = try #require(report.facts.host("ctl"))
        #expect(ctl.os == "CentOS release 6.5 (Final)" && ctl.packages.isEmpty && ctl.running.isEmpty)
        let notRun = report.problems.filter { $0.id == "discover.not-read-only" }
        #expect(notRun.contains { $0.summary.contains("does not mark package-list read_only") })
        #expect(notRun.contains { $0.summary.contains("has no query-as command") })
        // cmp-1 is on el7, whose commands are marked: it is discovered as before.
        #expect(await transport.commands(on: "cmp-1").contains { $0.hasPrefix("rpm -qa") })
    }

    @Test func everyScriptDiscoveryRunsIsAReadOnlyPlatformCommandOrACat() async {
        let transport = ScriptedTransport(DiscoveryTests.cloud)
        _ = await Discovery(transport: transport, pack: DiscoveryTests.pack, inventory: DiscoveryTests.inventory,
                            platforms: CloudFixture.platforms).run(DiscoveryTests.inventory)
        let readOnly = CloudFixture.platforms.byName.values.flatMap { $0.commands.values.filter(\.readOnly).flatMap(\.scripts) }
        let heads = Set(readOnly.map { String($0.prefix { $0 != " " }) } + ["cat"])
        for host in ["ctl", "cmp-1"] as [HostName] {
            for script in await transport.commands(on: host) {
                #expect(heads.contains(String(script.prefix { $0 != " " })), "\(script)")
            }
        }
    }
}
