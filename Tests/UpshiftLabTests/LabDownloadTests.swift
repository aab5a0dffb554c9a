import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
@testable import UpshiftLab

/// `download-packages` (docs/commands.md) against the lab's yum: the cache it fills makes the
/// later `yum upgrade` (inside a service's outage) shorter, and its odd exit status is success.
@Suite struct LabDownloadTests {
    static let log = "/var/lib/upshift/yum-download.log"
    static let done = "grep -q -e 'exiting because --downloadonly specified' -e 'exiting because \"Download Only\" specified' \(log)"

    /// Seconds of emulated time a script takes.
    func timed(_ lab: LabFixture, _ host: String, _ script: String) async throws -> (CommandResult, Double) {
        let t0 = lab.time.value
        let r = try await lab.run(host, script)
        return (r, lab.time.value - t0)
    }

    @Test func el6NeedsThePluginAndItsExitStatusOneIsSuccess() async throws {
        let lab = LabFixture(os: "el6")
        try await lab.repoSwitch("ctl-01")
        let probe = try await lab.run("ctl-01", "yum -d1 --downloadonly --help")
        #expect(probe.exitStatus == 1 && probe.stderrText.contains("no such option: --downloadonly"))
        try await lab.ok("ctl-01", "yum -d1 --downloadonly --help >/dev/null 2>&1 || yum -d1 -y install yum-plugin-downloadonly")
        #expect(lab.state.host("ctl-01")?.packages["yum-plugin-downloadonly"] != nil)
        let bare = try await lab.run("ctl-01", "yum -y --downloadonly upgrade '*nova*'")
        #expect(bare.exitStatus == 1 && bare.stderrText.contains("exiting because --downloadonly specified"))
        // Nothing was installed: the Havana code still runs.
        #expect(lab.state.host("ctl-01")?.packages["openstack-nova-api"]?.hasPrefix("2013.2") == true)
        #expect(lab.state.host("ctl-01")?.files.keys.contains { $0.hasPrefix("/var/cache/yum/packages/openstack-nova-api-2014.1") } == true)
        try await lab.ok("ctl-01", "yum -y --downloadonly upgrade '*nova*' >\(Self.log) 2>&1 || \(Self.done)")
    }

    @Test func aFailedDownloadIsAFailureAndEL7NeedsNoPlugin() async throws {
        let lab = LabFixture(os: "el7")
        try await lab.repoSwitch("cmp-01")
        let help = try await lab.run("cmp-01", "yum -d1 --downloadonly --help >/dev/null 2>&1 || yum -d1 -y install yum-plugin-downloadonly")
        #expect(help.succeeded, "\(help.stderrText)")
        #expect(lab.state.host("cmp-01")?.packages["yum-plugin-downloadonly"] == nil)
        let missing = try await lab.run("cmp-01", "yum -y --downloadonly install no-such-package >\(Self.log) 2>&1 || \(Self.done)")
        #expect(missing.exitStatus == 1)
        try await lab.ok("cmp-01", "yum -y --downloadonly upgrade '*nova*' >\(Self.log) 2>&1 || \(Self.done)")
        #expect(try await lab.ok("cmp-01", "cat \(Self.log)").contains("exiting because \"Download Only\" specified"))
    }

    @Test func aPrefetchedUpgradeTakesOnlyTheInstallTime() async throws {
        let cold = LabFixture(), warm = LabFixture()
        for lab in [cold, warm] { try await lab.repoSwitch("ctl-01") }
        try await warm.ok("ctl-01", "yum -d1 -y install yum-plugin-downloadonly")
        let (_, fetch) = try await timed(warm, "ctl-01", "yum -y --downloadonly upgrade '*nova*'")
        let (c, coldTime) = try await timed(cold, "ctl-01", "yum -d1 -y upgrade '*nova*'")
        let (w, warmTime) = try await timed(warm, "ctl-01", "yum -d1 -y upgrade '*nova*'")
        #expect(c.succeeded && w.succeeded)
        let n = Double(try #require(cold.state.host("ctl-01")).packages.keys.filter { $0.contains("nova") }.count)
        #expect(fetch == n * LabSession.downloadSeconds)
        #expect(coldTime == n * (LabSession.downloadSeconds + LabSession.installSeconds))
        #expect(warmTime == n * LabSession.installSeconds)
        // keepcache=0: the cached packages go once installed; both hosts end on the same versions.
        #expect(warm.state.host("ctl-01")?.files.keys.contains { $0.hasPrefix("/var/cache/yum/") } == false)
        #expect(warm.state.host("ctl-01")?.packages.filter { $0.key != "yum-plugin-downloadonly" } == cold.state.host("ctl-01")?.packages)
        // `yum clean packages` empties a cache filled but not used.
        try await warm.ok("ctl-01", "yum -y --downloadonly upgrade '*neutron*' || true")
        try await warm.ok("ctl-01", "yum clean packages")
        #expect(warm.state.host("ctl-01")?.files.keys.contains { $0.hasPrefix("/var/cache/yum/") } == false)
    }
}
