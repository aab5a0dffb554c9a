import Testing
import UpshiftModel
@testable import UpshiftPlanning
import UpshiftTestSupport

/// The built-in dalmatian-epoxy pack (Nova + Placement 2024.2 -> 2025.1, shared/reference §11.2):
/// it loads, and its data says what Nova's own upgrade guide says (NOVA@31.0.0
/// doc/source/admin/upgrades.rst; where shared/reference §11.2 differs, the pack says why).
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

    /// Nova's order: the four databases are dumped and synced while the old services run (the
    /// migrations are additive); then the control plane restarts on the new code, the API stopped
    /// last and started first, so the API is down only for its own restart.
    @Test func theLiveProcedureSyncsFirstThenStopsTheAPILastStartsItFirstAndKeepsThePin() throws {
        let live = try #require(try Self.pack().procedure?.methods[.live])
        #expect(live.phases.map(\.id).prefix(2) == ["schema", "control-plane"])
        let schema = try #require(live.phases.first { $0.id == "schema" })
        #expect(schema.apisDown == [] && schema.bootsAffected == false)
        let schemaKinds = schema.steps.compactMap(\.action?.rawValue)
        #expect(schemaKinds == ["backup-db", "backup-db", "sync-schema", "sync-schema"])
        let steps = try #require(live.phases.first { $0.id == "control-plane" }?.steps)
        let kinds = steps.compactMap(\.action?.rawValue)
        #expect(!kinds.contains("sync-schema") && !kinds.contains("backup-db"))
        let stops = kinds.indices.filter { kinds[$0] == "stop" }, starts = kinds.indices.filter { kinds[$0] == "start" }
        #expect(steps[stops.last!].daemons == [.name("nova-api")])          // the API stops last
        #expect(steps[starts.first!].daemons == [.name("nova-api")])        // and starts first
        #expect(!kinds.contains("unset-option") && !kinds.contains("unpin-rpc"))   // compute = auto is kept
        let finish = try #require(live.phases.first { $0.id == "finish" }?.steps)
        #expect(finish.first?.retryWhile == 1 && finish.contains { $0.action == .restart } && finish.contains { $0.action == .reload })
        #expect(try Self.pack().procedure?.methods[.offline] != nil)
    }

    /// The inventory scripts/real-openstack writes: a controller and two computes on venv-supervisord.
    static let inventoryText = """
        format_version: 1
        name: real-openstack
        settings:
          services: [nova, placement]
        defaults:
          platform: venv-supervisord
          release: "2024.2"
          user: root
        hosts:
          - {name: ctl-01, address: ctl-01, roles: [controller]}
          - {name: cmp-01, address: cmp-01, roles: [compute]}
          - {name: cmp-02, address: cmp-02, roles: [compute]}
        """

    static func plan(_ method: PlanMethod) throws -> (Plan, Inventory, Pack) {
        let pack = try Self.pack()
        let inventory = try InventoryLoader.load(text: inventoryText, sourceName: "real-openstack.yaml",
                                                 validator: InventoryValidator(pack: pack)).inventory
        let plan = Planner.plan(PlanRequest(inventory: inventory, pack: pack, method: method, options: PlanOptions(batchSize: 5, canary: 1),
                                            inventoryRef: InputRef(name: "real-openstack", sha256: "0123456789abcdef"),
                                            packRef: InputRef(name: pack.name, sha256: "fedcba9876543210")))
        return (plan, inventory, pack)
    }

    /// The pack declares live and offline only: `plan --method service` is refused by name (the
    /// interpreter would otherwise plan only the before/after phases), and --compare says so.
    @Test func itOffersLiveAndOfflineOnlyAndCompareSaysSo() throws {
        let (_, inventory, pack) = try Self.plan(.live)
        #expect(pack.offeredMethods == [.offline, .live])
        #expect(!pack.offers(.service))
        let rows = Compare.compare(PlanRequest(inventory: inventory, pack: pack, method: .live, options: PlanOptions(batchSize: 5, canary: 1),
                                               inventoryRef: InputRef(name: "real-openstack", sha256: "0123456789abcdef"),
                                               packRef: InputRef(name: pack.name, sha256: "fedcba9876543210")))
        #expect(rows.map(\.method) == [.offline, .live])
        #expect(Compare.text(rows).contains("service: not offered by this pack"))
    }

    @Test(arguments: [PlanMethod.live, .offline])
    func itPlansUnderTheInterpreterAndPassesTheCheck(method: PlanMethod) throws {
        let (plan, inventory, pack) = try Self.plan(method)
        #expect(SafetyCheck.check(plan: plan, inventory: inventory, pack: pack, facts: nil).errors.isEmpty)
        #expect(plan.pointOfNoReturn?.id == "placement/db-sync@ctl-01")
        // The four databases are dumped before the first sync.
        let ids = plan.steps.map(\.id), firstSync = ids.firstIndex(of: "placement/db-sync@ctl-01")!
        #expect(plan.steps.filter { $0.action == .backupDatabase }.count == 4)
        #expect(plan.steps.indices.filter { plan.steps[$0].action == .backupDatabase }.allSatisfy { $0 < firstSync })
    }

    /// The pack's rules make the check refuse what Nova forbids: new code before its schema sync,
    /// a sync without a dump, new conductor/scheduler without the pin while old computes run.
    @Test func theCheckRefusesNewCodeBeforeTheSyncNoDumpAndAMissingPin() throws {
        let (plan, inventory, pack) = try Self.plan(.live)
        func errors(_ p: Plan) -> [String] { SafetyCheck.check(plan: p, inventory: inventory, pack: pack, facts: nil).errors.map(\.id) }
        var early = plan   // the control plane restarted on 2025.1 before the syncs
        let phase = plan.steps.indices.filter { plan.steps[$0].phase == "control-plane" }
        let moved = phase.map { plan.steps[$0] }
        early.steps.removeAll { $0.phase == "control-plane" }
        early.steps.insert(contentsOf: moved, at: try #require(early.steps.firstIndex { $0.id == "nova/backup-db@ctl-01" }))
        #expect(errors(early).contains("db.new-code-old-schema"))
        var undumped = plan
        undumped.steps.removeAll { $0.id == "nova/backup-db@ctl-01-2" }
        #expect(errors(undumped).contains("db.backup-before-sync"))
        var unpinned = plan
        unpinned.steps.removeAll { $0.id == "nova/pin-auto@ctl-01" }
        #expect(errors(unpinned).contains("rpc.compute-auto"))
        // The old services serving on the new schema is what Nova's guide does: no error for it.
        #expect(errors(plan).isEmpty)
    }

    /// The pin lift reloads nova-api with the pack's own command (gunicorn workers replaced one by
    /// one), not the platform's SIGHUP, which would leave the API refusing requests meanwhile.
    @Test func nova_apiIsReloadedByReplacingItsWorkersNotBySIGHUP() throws {
        let (plan, inventory, pack) = try Self.plan(.live)
        let reload = try #require(plan.steps.first { $0.action == .reload })
        #expect(reload.params.daemons == ["nova-api"] && reload.params.command?.contains("kill -TTIN") == true)
        let text = PlanText.render(plan, inventory: inventory, pack: pack, platforms: Fixtures.platforms, commands: true)
        #expect(text.contains("kill -TTOU \"$p\"") && !text.contains("supervisorctl signal HUP nova-api"))
    }

    @Test func theWorkloadBootsOnEachComputeByItsInventoryName() throws {
        let (plan, inventory, pack) = try Self.plan(.live)
        let text = PlanText.render(plan, inventory: inventory, pack: pack, platforms: Fixtures.platforms, commands: true)
        // `{target}` is the inventory name (Nova's `host =` on these hosts), one command per compute, on the controller.
        #expect(text.contains("' cmp-01\n") && text.contains("' cmp-02\n") && text.contains("availability_zone=\"nova:\" + host"))
        #expect(text.contains("pip install -q -c /etc/upshift/pip-constraints-2025.1.txt -- nova==31.3.1 PyMySQL gunicorn 'setuptools<81'"))
        Golden.check(PlanText.render(plan, inventory: inventory, pack: pack, platforms: Fixtures.platforms, commands: false), "dalmatian-epoxy-live.txt")
    }

    @Test func itsProbeTalksToTheRealNovaAPIWithJSON() throws {
        let probe = try #require(try Self.pack().probe)
        #expect(probe.environmentFile == nil && probe.apis.map(\.name) == ["nova", "placement"])
        #expect(probe.boot.id == ProbeField(format: .json, key: "server.id"))
        #expect(probe.show.status == ProbeField(format: .json, key: "server.status"))
    }
}
