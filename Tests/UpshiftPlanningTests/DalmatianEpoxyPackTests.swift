import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// The built-in dalmatian-epoxy pack (Nova + Placement 2024.2 -> 2025.1, shared/reference §11.2):
/// it loads, and its data says what the reference says.
@Suite struct DalmatianEpoxyPackTests {
    static func pack() throws -> Pack {
        try PackLoader.load(text: Fixtures.text("Sources/UpshiftCLI/Packs/dalmatian-epoxy.yaml"), sourceName: "dalmatian-epoxy.yaml")
    }

    @Test func itLoadsWithFourDatabasesAndThePointOfNoReturnAtTheFirstSync() throws {
        let pack = try Self.pack()
        #expect(pack.formatVersion == 2 && pack.from == "2024.2" && pack.to == "2025.1")
        let databases = pack.services.flatMap(\.databases)
        #expect(Set(databases.map(\.name.rawValue)) == ["placement", "nova_api", "nova", "nova_cell0"])
        #expect(databases.first?.name == "placement" && databases.first?.pointOfNoReturn == true)
        #expect(pack.optionSets["pin-auto"]?.values.map(\.value) == ["auto"])
    }

    @Test func theLiveProcedureStopsTheAPILastStartsItFirstAndKeepsThePin() throws {
        let live = try #require(try Self.pack().procedure?.methods[.live])
        let steps = try #require(live.phases.first { $0.id == "control-plane" }?.steps)
        let kinds = steps.compactMap(\.action?.rawValue)
        let stops = kinds.indices.filter { kinds[$0] == "stop" }, starts = kinds.indices.filter { kinds[$0] == "start" }
        let syncs = kinds.indices.filter { kinds[$0] == "sync-schema" }, backups = kinds.indices.filter { kinds[$0] == "backup-db" }
        #expect(steps[stops.last!].daemons == [.name("nova-api")])          // the API stops last
        #expect(steps[starts.first!].daemons == [.name("nova-api")])        // and starts first
        #expect(backups.allSatisfy { $0 < syncs.first! } && stops.allSatisfy { $0 < syncs.first! })
        #expect(!kinds.contains("unset-option") && !kinds.contains("unpin-rpc"))   // compute = auto is kept
        let finish = try #require(live.phases.first { $0.id == "finish" }?.steps)
        #expect(finish.first?.retryWhile == 1 && finish.contains { $0.action == .restart } && finish.contains { $0.action == .reload })
        #expect(try Self.pack().procedure?.methods[.offline] != nil)
    }

    @Test func itsProbeTalksToTheRealNovaAPIWithJSON() throws {
        let probe = try #require(try Self.pack().probe)
        #expect(probe.environmentFile == nil && probe.apis.map(\.name) == ["nova", "placement"])
        #expect(probe.boot.id == ProbeField(format: .json, key: "server.id"))
        #expect(probe.show.status == ProbeField(format: .json, key: "server.status"))
    }
}
