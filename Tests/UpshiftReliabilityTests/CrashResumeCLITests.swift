import Foundation
import Testing
import UpshiftTestSupport

/// Crash/resume with a real SIGKILL of a separate `upshift` process: `apply` of a live plan against
/// a 1+1+2 lab over real sshd is killed at random points (after a random number of JSON-lines
/// events plus a random delay), and at two chosen ones: mid-schema-sync (the nova sync, slowed by
/// the lab's `slow-sync` fault) and mid-batch (the second compute batch); then `resume` until done.
/// The cloud and the journal's final states must equal an uninterrupted run's, and no unit ran more
/// often than once plus the times a kill caught it running (checked in the journal's attempts and
/// in the lab's command log for every schema sync).
/// `UPSHIFT_CRASH_COUNT` kills in all (CI default 4; `scripts/reliability` runs 100), in rounds from
/// the same pristine cloud; `UPSHIFT_CRASH_SEED` replays the random points.
@Suite("SIGKILL of upshift at random points; resume ends like an uninterrupted run", .serialized)
struct CrashResumeCLITests {
    static let crashCount = ProcessInfo.processInfo.environment["UPSHIFT_CRASH_COUNT"].flatMap(Int.init) ?? 4
    static let seed = ProcessInfo.processInfo.environment["UPSHIFT_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)

    /// Where a kill lands.
    enum KillPoint: CustomStringConvertible {
        /// After this many events of the current process, then the delay.
        case events(Int, delay: Double)
        /// After the `unit-started` event of this step, then the delay.
        case unitStarted(String, delay: Double)

        var description: String {
            switch self {
            case .events(let n, let d): "after \(n) events + \(Int(d * 1000)) ms"
            case .unitStarted(let s, let d): "\(Int(d * 1000)) ms into \(s)"
            }
        }

        func reached(_ events: [[String: Any]]) -> Bool {
            switch self {
            case .events(let n, _): events.count >= n
            case .unitStarted(let step, _): events.contains { $0["kind"] as? String == "unit-started" && $0["step"] as? String == step }
            }
        }

        var delay: Double { switch self { case .events(_, let d), .unitStarted(_, let d): d } }
    }

    static let midSync = "nova/db-sync@ctl-01"
    static let midBatch = "nova/upgrade-packages@cmp-02"
    /// The schema-sync units and the command each sends (docs/commands.md), for the command-log count.
    static let syncs = ["keystone/db-sync@ctl-01": "keystone-manage db_sync", "cinder/db-sync@ctl-01": "cinder-manage db sync",
                        "glance/db-sync@ctl-01": "glance-manage db_sync", "nova/db-sync@ctl-01": "nova-manage db sync",
                        // The sync only: apply's pre-run discovery reads the version with `neutron-db-manage … current`.
                        "neutron/db-sync@ctl-01": "plugin.ini upgrade icehouse"]

    @Test("killed N times (mid-schema-sync, mid-batch, random), resumed: same cloud, same final journal, no unit ran more than it may",
          .timeLimit(.minutes(40)))
    func killAndResume() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: CLIProcess.binary), "build the upshift executable first: \(CLIProcess.binary)")
        let lab = try await CLILab()
        defer { lab.down() }
        var rng = SplitMix64(seed: Self.seed)
        let reference = try await Self.uninterrupted(lab)
        var kills = 0, round = 0
        while kills < Self.crashCount && round < Self.crashCount + 2 {
            let random = { (g: inout SplitMix64) in KillPoint.events(Int.random(in: 1...10, using: &g), delay: Double.random(in: 0...0.3, using: &g)) }
            var points = (0..<(Self.crashCount - kills)).map { _ in random(&rng) }
            if round == 0 { points.insert(contentsOf: [.unitStarted(Self.midSync, delay: 1.5), .unitStarted(Self.midBatch, delay: 0.05)], at: min(1, points.count)) }
            points = Array(points.prefix(Self.crashCount - kills))
            kills += try await killRound(lab, round: round, points: points, reference: reference)
            round += 1
        }
        #expect(kills == Self.crashCount, "killed \(kills) times of \(Self.crashCount) wanted (seed \(Self.seed))")
        print("crash/resume: \(kills) SIGKILLs in \(round) rounds, every round equal to the uninterrupted run (seed \(Self.seed))")
    }

    /// The uninterrupted run: the cloud and the final journal to compare with; every sync ran once.
    static func uninterrupted(_ lab: CLILab) async throws -> (cloud: [String], states: [String]) {
        let state = lab.root + "/state-reference"
        let r = try await CLIProcess.run(lab.applyArgs(state: state), scratch: lab.root)
        #expect(r.status == 0, "uninterrupted apply: \(r.stderr.suffix(600))")
        let status = try await StatusView(state: state, scratch: lab.root)
        #expect(status.runState == "completed" && status.units.allSatisfy { $0.attempts == 1 })
        for (unit, command) in syncs { #expect(lab.logCount(host: "ctl-01", command) == 1, "\(unit) ran once in the reference run") }
        let cloud = try lab.cloud()
        #expect(cloud.contains("db nova=233") && cloud.contains { $0.contains(" file /etc/nova/nova.conf ") } && cloud.count > 100,
                "the compared cloud is the upgraded one, with its config files")
        #expect(status.finalStates.count > 90 && status.finalStates.allSatisfy { $0.hasSuffix(" succeeded") })
        return (cloud, status.finalStates)
    }
}
