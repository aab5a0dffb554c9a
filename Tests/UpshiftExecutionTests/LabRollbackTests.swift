import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution
@testable import UpshiftLab

/// `rollback` against the in-process lab: what ran before the point of no return is really undone
/// on the hosts (repository, packages, schemas, configs, services), not only marked in the journal.
/// Two of the edited config files are symlinks (absolute and relative): the edit and its undo
/// change the link's target, and the link stays a link (issue 17 item 12).
@Suite("Rollback against the in-process lab")
struct LabRollbackTests {
    @Test("a live run paused after glance rolls back to Havana: repository, packages, schemas, configs, services", .timeLimit(.minutes(2)))
    func rollbackBeforeThePointOfNoReturn() async throws {
        let (transport, store, inventory, answers) = LabRunTests.lab(computes: 2)
        let pack = try CloudFixture.pack()
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: .live,
                                            options: PlanOptions(batchSize: 2, canary: 1, pauseAfter: ["glance"]),
                                            inventoryRef: InputRef(name: "lab", sha256: "x"), packRef: InputRef(name: "havana-icehouse", sha256: "y")))
        let links = ["/etc/keystone/keystone.conf": "/srv/config/keystone.conf", "/etc/glance/glance-api.conf": "/etc/glance/real/glance-api.conf"]
        let made = await LabShell(store: store).run("mv /etc/keystone/keystone.conf /srv/config/keystone.conf && ln -s /srv/config/keystone.conf /etc/keystone/keystone.conf"
            + " && mv /etc/glance/glance-api.conf /etc/glance/real/glance-api.conf && ln -s real/glance-api.conf /etc/glance/glance-api.conf", on: "ctl-01")
        try #require(made.exitStatus == 0, "\(made.stderrText)")
        let before = try store.read()
        let performer = LabCrashTests.performer(transport, inventory, pack, answers)
        let journal = InMemoryJournal()
        let summary = try await executor(journal, performer).apply(plan, planHash: "h", options: RunOptions(parallel: 4, assumeYes: true))
        guard case .paused = summary.end else { Issue.record("run ended \(summary.end)"); return }
        let mid = try store.read()
        let ctl = try #require(mid.host("ctl-01"))
        #expect(ctl.packages["openstack-glance"]?.hasPrefix("2014.1") == true && ctl.packages["rdo-release-icehouse"] != nil)
        #expect(mid.databases["keystone"] != before.databases["keystone"])
        for (link, target) in links {
            #expect(ctl.files[link]?.link != nil && ctl.resolve(link) == target, "\(link) is still a link to \(target)")
            if link.hasPrefix("/etc/glance") {  // keystone.conf is read through its link, but the migration changes nothing in it
                #expect(ctl.files[target]?.content != before.host("ctl-01")?.files[target]?.content, "\(target) was edited through the link")
            }
            #expect(ctl.files[target]?.mode == before.host("ctl-01")?.files[target]?.mode && ctl.files[target]?.group == before.host("ctl-01")?.files[target]?.group)
        }

        let result = try await executor(journal, performer).rollback(to: nil)
        #expect(result.failed == nil, "\(result.failed.map { "\($0.0.original) \($0.1)" } ?? "")")
        let after = try store.read()
        #expect(after.databases == before.databases, "schemas restored from the dumps")
        for (h0, h1) in zip(before.hosts, after.hosts) {
            #expect(h1.packages == h0.packages.merging(h1.packages.filter { $0.key == "yum-plugin-downloadonly" }) { a, _ in a },
                    "\(h1.name): \(h1.packages.filter { h0.packages[$0.key] != $0.value })")
            for (path, file) in h0.files where path.hasPrefix("/etc/") || path.hasPrefix("/srv/") {
                #expect(h1.files[path]?.content == file.content && h1.files[path]?.link == file.link, "\(h1.name): \(path) not restored")
            }
            #expect(h1.daemons.mapValues(\.state) == h0.daemons.mapValues(\.state), "\(h1.name): services")
        }
        let states = Set(try journal.units(of: summary.run).filter { $0.state != .pending }.map(\.state))
        #expect(states == [.rolledBack], "\(states)")
    }
}
