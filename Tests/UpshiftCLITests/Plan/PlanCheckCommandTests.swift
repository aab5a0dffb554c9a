import ArgumentParser
import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftCLI
import UpshiftTestSupport

/// `plan`, `check` and `pack` driven in-process: every bad input gets its diagnostic and exit code.
@Suite struct PlanCheckCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static func example(_ name: String) -> String { root.appendingPathComponent("examples/\(name)").path }

    func temp(_ name: String, _ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs a root-level command line; returns the exit code and diagnostics it ended with.
    func run(_ args: [String]) async -> (code: Int32, diagnostics: [Diagnostic]) {
        do {
            var command = try Upshift.parseAsRoot(args)
            if var a = command as? AsyncParsableCommand { try await a.run() } else { try command.run() }
            return (0, [])
        } catch let f as CLIFailure { return (f.code, f.diagnostics) }
        catch let e as ExitCode { return (e.rawValue, []) }
        catch { return (Upshift.exitCode(for: error).rawValue == 64 ? 64 : 1, []) }
    }

    @Test func aLivePlanOfTheLabCloudIsSavedAndRechecks() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json").path
        #expect(await run(["plan", "--inventory", Self.example("rdo-22.yaml"), "--method", "live", "-o", out, "--output", "json"]).code == 0)
        #expect(await run(["check", "--inventory", Self.example("rdo-22.yaml"), "--plan", out]).code == 0)
        let plan = try PlanCodec.decode(try String(contentsOfFile: out, encoding: .utf8), sourceName: out)
        #expect(plan.pointOfNoReturn?.id == "nova/db-sync@ctl-01")
    }

    @Test func liveOnAnAllInOneControllerFailsTheCheckWithExit2() async {
        let r = await run(["plan", "--inventory", Self.example("packstack-3node.yaml"), "--method", "live"])
        #expect(r.code == UpshiftExit.checkFailed)
        #expect(r.diagnostics.first?.id == "plan.rejected")
    }

    @Test func malformedInventoryYAMLNamesFileAndLine() async throws {
        let path = try temp("inv.yaml", "format_version: 1\nname: x\nhosts:\n  - name: a\n    roles: [controller\n")
        let r = await run(["plan", "--inventory", path, "--method", "offline"])
        #expect(r.code == UpshiftExit.invalidInput)
        #expect(r.diagnostics.first?.subject.location?.file == path)
        #expect(r.diagnostics.first?.subject.location?.line != nil)
    }

    @Test func aPlanOfAFutureFormatVersionIsRefused() async throws {
        let path = try temp("plan.json", #"{"format_version": 7, "steps": []}"#)
        let r = await run(["check", "--inventory", Self.example("rdo-22.yaml"), "--plan", path])
        #expect(r.code == UpshiftExit.invalidInput)
        #expect(r.diagnostics.map(\.id) == ["plan.format-version"])
    }

    @Test func aHandEditedPlanNamingUnknownHostsFailsTheCheck() async throws {
        let inv = Fixture.inventory
        var plan = Planner.plan(Fixture.request(inv, .live))
        plan.steps[0].hosts.append("ghost-01")
        let path = try temp("plan.json", PlanCodec.encode(plan))
        #expect(await run(["check", "--inventory", Self.example("rdo-22.yaml"), "--plan", path]).code == UpshiftExit.checkFailed)
    }

    @Test func aPackReferencingAnUnknownServiceIsRejectedWithItsLine() async throws {
        let text = PackLibrary.builtinText("havana-icehouse")!
            .replacingOccurrences(of: "subject: {services: [cinder], version: from, running: true}", with: "subject: {services: [cindr], version: from, running: true}")
        let path = try temp("pack.yaml", text)
        let r = await run(["pack", "show", path])
        #expect(r.code == UpshiftExit.invalidInput)
        #expect(r.diagnostics.contains { $0.summary.contains("unknown service 'cindr'") && $0.subject.location?.line != nil })
    }

    @Test func anUnknownPackSettingIsAUsageError() async {
        let r = await run(["plan", "--inventory", Self.example("rdo-22.yaml"), "--set", "nope=1"])
        #expect(r.code == UpshiftExit.usage)
    }

    /// `--option NAME=VALUE` takes one of the pack's plan options; anything else is exit 64 with the pack's choices.
    @Test func aPackChoiceIsChosenWithOption() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json").path
        let ok = await run(["plan", "--inventory", Self.example("rdo-22.yaml"), "--method", "service", "--option", "events=disable-nova", "-o", out])
        #expect(ok.code == 0)
        let plan = try PlanCodec.decode(try String(contentsOfFile: out, encoding: .utf8), sourceName: out)
        #expect(plan.options.packOptions == ["events": "disable-nova"])
        let choices = "pack havana-icehouse offers: events=auto|disable-nova|disable-neutron"
        for (arg, summary) in [("events=off", "plan option events has no value 'off' (\(choices))"),
                               ("colour=red", "unknown plan option 'colour' (\(choices))"),
                               ("events", "--option takes NAME=VALUE, got 'events' (\(choices))")] {
            let r = await run(["plan", "--inventory", Self.example("rdo-22.yaml"), "--option", arg])
            #expect(r.code == UpshiftExit.usage)
            #expect(r.diagnostics.map(\.summary) == [summary])
        }
        let acme = await run(["plan", "--pack", Self.root.appendingPathComponent("examples/packs/acme-queue-3.1-3.2.yaml").path,
                              "--inventory", Self.example("acme-4node.yaml"), "--option", "events=auto"])
        #expect(acme.code == UpshiftExit.usage)
        #expect(acme.diagnostics.map(\.summary) == ["unknown plan option 'events' (pack acme-queue-3.1-3.2 declares no plan options)"])
    }

    @Test func anUnknownPausePhaseIsAUsageError() async {
        let r = await run(["plan", "--inventory", Self.example("rdo-22.yaml"), "--pause-after", "nowhere"])
        #expect(r.code == UpshiftExit.usage)
    }

    @Test func planHelpIsStable() {
        Golden.check(PlanCommand.helpMessage(columns: 100), "plan-help.txt")
        Golden.check(CheckCommand.helpMessage(columns: 100), "check-help.txt")
    }
}

enum Fixture {
    static let pack = try! PackLibrary.load("havana-icehouse")
    static var inventory: Inventory {
        let path = PlanCheckCommandTests.example("rdo-22.yaml")
        return try! InventoryLoader.load(text: String(contentsOfFile: path, encoding: .utf8), sourceName: path,
                                         validator: InventoryValidator(pack: pack)).inventory
    }
    static func request(_ inv: Inventory, _ m: PlanMethod) -> PlanRequest {
        PlanRequest(inventory: inv, pack: pack, method: m, options: .init(), inventoryRef: .init(name: inv.name, sha256: "0"),
                    packRef: .init(name: pack.name, sha256: "0"))
    }
}
