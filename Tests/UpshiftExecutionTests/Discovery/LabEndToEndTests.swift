import Foundation
import Testing
import UpshiftLab
import UpshiftModel
import UpshiftImport
import UpshiftPlanning
@testable import UpshiftExecution
import UpshiftTestSupport

/// Discovery, the probe and the Packstack import against the in-process lab (a manual clock:
/// nothing really sleeps): the lab answers with the real commands' output formats.
@Suite struct LabEndToEndTests {
    struct Lab {
        let state: LabState
        let transport: LabTransport
        let time: ManualTime
        let inventory: Inventory
        init(computes: Int = 3, havanaPoint: String = "2013.2.3") {
            self.init(state: LabBuilder.makeState(LabTopology(controllers: 1, networks: 1, computes: computes, timeFactor: 1, havanaPoint: havanaPoint)))
        }
        init(state: LabState) {
            self.state = state
            let (clock, time) = LabClock.manual()
            self.time = time
            transport = LabTransport(store: InMemoryLabStore(state), clock: clock)
            inventory = LabBuilder.inventory(state, answerFile: nil)
        }
    }

    @Test func discoveryOfAFreshLabFindsHavanaEverywhere() async throws {
        let lab = Lab()
        let report = await Discovery(transport: lab.transport, pack: DiscoveryTargetsTests.pack, inventory: lab.inventory, platforms: CloudFixture.platforms).run(lab.inventory)
        #expect(report.problems.filter { $0.severity == .error }.isEmpty, "\(report.problems.map(\.oneLine))")
        #expect(report.facts.hosts.allSatisfy { $0.reachable })
        #expect(report.facts.database("nova")?.version == "216")
        #expect(report.facts.database("neutron")?.version == "havana")
        let ctl = try #require(report.facts.hosts.first { lab.inventory.host($0.host)?.has("controller") == true })
        #expect(ctl.packages["openstack-nova-common"]?.hasPrefix("2013.2.3") == true)
        #expect(ctl.running.contains("openstack-nova-api"))
        #expect(ctl.os?.isEmpty == false)
    }

    @Test func latin1GlanceTablesAreFlagged() async throws {
        var state = Lab().state
        state.nonUTF8Tables["glance"] = ["images", "image_members"]
        let lab = Lab(state: state)
        let report = await Discovery(transport: lab.transport, pack: DiscoveryTargetsTests.pack, inventory: lab.inventory, platforms: CloudFixture.platforms).run(lab.inventory)
        #expect(report.facts.database("glance")?.flags == ["non_utf8_tables"])
        #expect(report.facts.database("nova")?.flags == [])
        #expect(!report.problems.contains { $0.id == "discover.query-unknown" })
    }

    @Test func discoveredFactsFeedThePreflight() async throws {
        let fresh = Lab()
        let clean = await Discovery(transport: fresh.transport, pack: DiscoveryTargetsTests.pack, inventory: fresh.inventory, platforms: CloudFixture.platforms).run(fresh.inventory)
        let ok = SafetyCheck.preflight(inventory: fresh.inventory, pack: DiscoveryTargetsTests.pack, facts: clean.facts, method: .live, settings: [:])
        #expect(!ok.hasErrors, "\(ok.map(\.oneLine))")

        var state = LabBuilder.makeState(LabTopology(controllers: 1, networks: 1, computes: 2, timeFactor: 1, havanaPoint: "2013.2.1"))
        state.nonUTF8Tables["glance"] = ["images"]
        let old = Lab(state: state)
        let facts = await Discovery(transport: old.transport, pack: DiscoveryTargetsTests.pack, inventory: old.inventory, platforms: CloudFixture.platforms).run(old.inventory).facts
        let ids = Set(SafetyCheck.preflight(inventory: old.inventory, pack: DiscoveryTargetsTests.pack, facts: facts, method: .live, settings: [:])
            .errors.map(\.id))
        #expect(ids.isSuperset(of: ["db.glance-charset", "rpc.min-havana-point-release"]), "\(ids)")
    }

    @Test func theProbeBootsOnTheLabWithoutFailures() async throws {
        let lab = Lab()
        var options = ProbeOptions(duration: .seconds(120))
        options.interval = .seconds(5)
        let probe = try #require(WorkloadProbe(inventory: lab.inventory, transport: lab.transport, options: options,
                                               clock: ManualTimeClock(time: lab.time)))
        let report = await probe.run()
        #expect(report.clean, "\(report.text)")
        #expect(report.boots.active >= 1 && report.boots.deleted == report.boots.attempted)
    }

    @Test func theLabsAnswerFileImportsToItsControllerAndComputesWithoutItsPasswords() throws {
        let lab = Lab()
        let text = LabBuilder.answerFile(lab.state)
        let r = try PackstackImporter.importInventory(text: text, sourceName: "lab-answers.txt")
        let expected = lab.state.hosts.filter { $0.roles.contains("controller") || $0.roles.contains("compute") }.map(\.address)
        #expect(Set(r.inventory.hosts.map(\.address)) == Set(expected))
        #expect(r.inventory.hosts.first?.roles == ["controller"])
        let rendered = "\(r.inventory)"
        for secret in lab.state.secrets.values where secret.count >= 6 { #expect(!rendered.contains(secret)) }
    }
}

/// A `Clock` over the lab's manual time, so the probe and the lab agree on time without sleeping.
struct ManualTimeClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by d: Duration) -> Instant { Instant(offset: offset + d) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
    }
    let time: ManualTime
    var now: Instant { Instant(offset: .milliseconds(Int64(time.value * 1000))) }
    var minimumResolution: Duration { .milliseconds(1) }
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        let delta = now.duration(to: deadline)
        if delta > .zero { time.advance(Double(delta.components.seconds) + Double(delta.components.attoseconds) / 1e18) }
    }
}
