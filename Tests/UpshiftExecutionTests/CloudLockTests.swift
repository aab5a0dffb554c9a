import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
@testable import UpshiftLab

/// The cloud lock against the in-process lab: atomic `mkdir` on the lock host, refusals that name
/// the holder, `--break-lock`, and release only by the journal that holds it.
@Suite("Cloud lock: one upshift per cloud")
struct CloudLockTests {
    static func holder(_ machine: String, _ state: String) -> CloudLockHolder {
        CloudLockHolder(run: 0, machine: machine, state: state, pid: 100, since: "2026-12-06T09:00:00Z")
    }

    @Test("a second journal is refused with who holds it; --break-lock takes over; only the holder releases")
    func refuseBreakRelease() async throws {
        let (transport, store, _, _) = LabRunTests.lab(computes: 1)
        let ctl = HostTarget(name: "ctl-01", address: "ctl-01")
        let a = CloudLock(host: ctl, transport: transport, holder: Self.holder("ops-a", "/srv/a"))
        let b = CloudLock(host: ctl, transport: transport, holder: Self.holder("ops-b", "/srv/a"))
        #expect(try await a.acquire(run: 3, breakLock: false) == .free)
        #expect(try await a.acquire(run: 3, breakLock: false) == .ours, "the same journal takes its own lock again (resume)")
        await #expect(throws: CloudLockRefusal.self) { _ = try await b.acquire(run: 1, breakLock: false) }
        await #expect(throws: CloudLockRefusal.self) { try await b.refuseIfHeld(breakLock: false) }
        do { _ = try await b.acquire(run: 1, breakLock: false) } catch let e as CloudLockRefusal {
            #expect(e.message.hasPrefix("the cloud is locked by run 3 of /srv/a on ops-a (pid 100), since 2026-12-06T09:00:00Z (/var/lib/upshift/cloud.lock on ctl-01)"), "\(e.message)")
            #expect(e.message.contains("--break-lock"))
        }
        let taken = try await b.acquire(run: 1, breakLock: true)
        #expect(taken == .broken(CloudLockHolder(run: 3, machine: "ops-a", state: "/srv/a", pid: 100, since: "2026-12-06T09:00:00Z")))
        await a.release()
        #expect(try store.read().host("ctl-01")?.files["/var/lib/upshift/cloud.lock/info"] != nil, "a broken lock is no longer a's to release")
        await b.release()
        #expect(try store.read().host("ctl-01")?.files.keys.contains { $0.hasPrefix("/var/lib/upshift/cloud.lock") } == false)
        #expect(try await a.acquire(run: 4, breakLock: false) == .free)
    }

    @Test("apply journals lock-broken, keeps the lock while paused and releases it when the run completes")
    func executorHoldsUntilComplete() async throws {
        let (transport, store, _, _) = LabRunTests.lab(computes: 1)
        let ctl = HostTarget(name: "ctl-01", address: "ctl-01")
        let other = CloudLock(host: ctl, transport: transport, holder: Self.holder("ops-b", "/srv/b"))
        _ = try await other.acquire(run: 9, breakLock: false)
        let journal = InMemoryJournal()
        var e = executor(journal, FakeHostsPerformer())
        e.confirmer = FixedConfirmer(false)
        e.cloudLock = CloudLock(host: ctl, transport: transport, holder: Self.holder("ops-a", "/srv/a"))
        await #expect(throws: CloudLockRefusal.self) { _ = try await e.apply(RollbackTests.plan, planHash: "h", options: .init()) }
        #expect(try journal.latestRun() == nil, "refused before a run was recorded")
        e.breakLock = true
        let paused = try await e.apply(RollbackTests.plan, planHash: "h", options: .init())
        #expect(try journal.events(of: paused.run).contains { $0.kind == .lockBroken && $0.detail?.contains("from run 9 of /srv/b on ops-b") == true })
        let info = try #require(try store.read().host("ctl-01")?.files["/var/lib/upshift/cloud.lock/info"]?.content)
        #expect(info.contains("\"machine\":\"ops-a\"") && info.contains("\"run\":1"), "held while paused: \(info)")
        e.breakLock = false
        e.confirmer = FixedConfirmer(true)
        #expect(try await e.resume().end == .completed)
        #expect(try store.read().host("ctl-01")?.files["/var/lib/upshift/cloud.lock/info"] == nil, "released at completion")
    }

    @Test("a rollback refused before anything runs lets go of a cloud lock it took")
    func refusedRollbackReleases() async throws {
        let (transport, store, _, _) = LabRunTests.lab(computes: 1)
        let ctl = HostTarget(name: "ctl-01", address: "ctl-01")
        let journal = InMemoryJournal()
        var e = executor(journal, FakeHostsPerformer())
        e.cloudLock = CloudLock(host: ctl, transport: transport, holder: Self.holder("ops-a", "/srv/a"))
        #expect(try await e.apply(RollbackTests.plan, planHash: "h", options: .init()).end == .completed)
        #expect(try store.read().host("ctl-01")?.files["/var/lib/upshift/cloud.lock/info"] == nil)
        await #expect(throws: RollbackRefusal.self) { _ = try await e.rollback(to: nil) }
        #expect(try store.read().host("ctl-01")?.files.keys.contains { $0.hasPrefix("/var/lib/upshift/cloud.lock") } == false)
    }
}
