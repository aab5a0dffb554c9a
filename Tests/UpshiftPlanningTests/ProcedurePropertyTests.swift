import PropertyBased
import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// Properties over generated procedures (not the built-in pack): packs of 1-3 services, each an API
/// with a database and workers, upgraded by packages or by switching virtualenvs, in one phase per
/// service written out or `for_each`, workers batched or not. Every plan the planner builds from
/// them passes the check; moving a step before one it must follow fails it.
@Suite struct ProcedurePropertyTests {
    static func packText(services: Int, venv: Bool, forEach: Bool, batched: Bool) -> String {
        let names = (1...services).map { "s\($0)" }
        var y = """
        format_version: 2
        name: generated
        from: "1"
        to: "2"
        roles: [{name: app}, {name: worker}]
        services:

        """
        for n in names {
            y += """
              - name: \(n)
                packages: [\(n)]
                daemons: [{role: app, daemons: [\(n)-api]}, {role: worker, daemons: [\(n)-worker]}]
                databases: [{name: \(n), sync: \(n)-manage db sync, user: \(n), role: app}]

            """
        }
        let change = venv ? "{do: switch-code, command: switch}" : "{do: upgrade-packages}"
        func apiSteps(_ s: String) -> String {
            """
                      - {do: backup-db\(s)}
                      - {do: stop, daemons: [{roles: [app]}]\(s)}
                      - \(change.dropLast())\(s)}
                      - {do: sync-schema\(s)}
                      - {do: start, daemons: [{roles: [app]}]\(s)}
                      - {do: wait-healthy, daemons: [{roles: [app]}]\(s)}

            """
        }
        func workerSteps(_ s: String) -> String {
            """
                      - {do: stop, daemons: [{roles: [worker]}]\(s)}
                      - \(change.dropLast())\(s)}
                      - {do: start, daemons: [{roles: [worker]}]\(s)}

            """
        }
        y += "procedure:\n  texts: {stop: {rollback: \"start {daemons}\"}}\n  live:\n    phases:\n"
        if forEach {
            y += "      - id: \"{service}\"\n        title: \"{service}\"\n        summary: s\n        for_each: {}\n        hosts: {role: app}\n        steps:\n" + apiSteps("")
            y += "      - id: workers\n        title: w\n        summary: w\n        hosts: {role: worker}\n"
            y += batched ? "        batches: {}\n" : ""
            y += "        steps:\n          - for_each: {}\n            steps:\n" + workerSteps("").replacingOccurrences(of: "          - {", with: "              - {")
        } else {
            for n in names {
                y += "      - id: \(n)\n        title: \(n)\n        summary: s\n        service: \(n)\n        hosts: {role: app}\n        steps:\n" + apiSteps("")
                y += "      - id: \(n)-workers\n        title: w\n        summary: w\n        service: \(n)\n        hosts: {role: worker}\n"
                y += batched ? "        batches: {}\n" : ""
                y += "        steps:\n" + workerSteps("")
            }
        }
        y += """
        rules:
          - {id: db.backup-before-sync, severity: error, summary: no backup, fix: back up, subject_database: {schema: to, backup: false}}
          - {id: db.new-code-old-schema, severity: error, summary: new code on old schema, fix: sync first, subject: {version: to, running: true, schema: from}}
          - {id: db.old-code-new-schema, severity: error, summary: old code on new schema, fix: stop first, subject: {version: from, running: true, schema: to, role: app}}

        """
        return y
    }

    static func request(_ shape: Int, _ hosts: Int, _ knobs: Int) -> PlanRequest {
        let pack = try! PackLoader.load(text: packText(services: 1 + shape % 3, venv: (shape / 3) % 2 == 1,
                                                       forEach: (shape / 6) % 2 == 1, batched: (shape / 12) % 2 == 1), sourceName: "gen.yaml")
        var list: [UpshiftModel.Host] = []
        for i in 0..<(1 + hosts % 2) { list.append(UpshiftModel.Host(name: HostName("app-\(i)"), address: "10.0.0.\(i + 1)", os: .el7, release: "1", roles: ["app"])) }
        for i in 0..<(hosts / 2) { list.append(UpshiftModel.Host(name: HostName("wrk-\(i)"), address: "10.0.1.\(i + 1)", os: .el7, release: "1", roles: ["worker"])) }
        let inv = Inventory(name: "gen", settings: CloudSettings(services: pack.services.map(\.name)), hosts: list)
        return PlanRequest(inventory: inv, pack: pack, method: .live,
                           options: PlanOptions(batchSize: 1 + knobs % 4, canary: (knobs / 4) % 3),
                           inventoryRef: InputRef(name: "gen", sha256: "0"), packRef: InputRef(name: "gen", sha256: "0"))
    }

    static let inputs = (Gen.int(in: 0...23), Gen.int(in: 1...12), Gen.int(in: 0...11))

    @Test func everyGeneratedProcedurePlansAndPassesTheCheck() async {
        await propertyCheck(count: 60, input: Self.inputs.0, Self.inputs.1, Self.inputs.2) { a, b, c in
            let r = Self.request(a, b, c)
            let plan = Planner.plan(r)
            #expect(plan.steps.contains { $0.action == .syncSchema })
            let ds = SafetyCheck.check(plan: plan, inventory: r.inventory, pack: r.pack, facts: nil)
            #expect(!ds.hasErrors, "\(ds.errors.map(\.oneLine))")
        }
    }

    @Test func movingAStepBeforeOneItMustFollowFailsTheCheck() async {
        await propertyCheck(count: 60, input: Self.inputs.0, Self.inputs.1, Gen.int(in: 0...10_000)) { a, b, pick in
            let r = Self.request(a, b, 0)
            guard let (bad, moved, dep) = Planner.plan(r).movingAStepBeforeItsDependency(pick: pick) else { return }
            #expect(SafetyCheck.check(plan: bad, inventory: r.inventory, pack: r.pack, facts: nil).hasErrors, "moving \(moved) before \(dep)")
        }
    }

    @Test func syncingBeforeTheAPIsStopBreaksARule() async {
        await propertyCheck(count: 30, input: Self.inputs.0, Self.inputs.1) { a, b in
            let r = Self.request(a, b, 0)
            var plan = Planner.plan(r)
            guard let sync = plan.steps.firstIndex(where: { $0.action == .syncSchema }),
                  let stop = plan.steps.firstIndex(where: { $0.action == .stop && $0.service == plan.steps[sync].service }) else { return }
            plan.steps.insert(plan.steps.remove(at: sync), at: stop)
            for k in plan.steps.indices { plan.steps[k].after = k == 0 ? [] : [plan.steps[k - 1].id] }   // a consistent chain: only the rules can object
            let ids = SafetyCheck.check(plan: plan, inventory: r.inventory, pack: r.pack, facts: nil).errors.map(\.id)
            #expect(ids.contains("db.old-code-new-schema"), "\(ids)")
        }
    }
}
