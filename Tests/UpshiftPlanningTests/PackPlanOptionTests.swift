import Foundation
import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// A pack's plan options (`plan_options`, `--option NAME=VALUE`): declared, checked, carried in the
/// plan beside the engine's options, and read back from plans written before they were pack data.
@Suite struct PackChoiceTests {
    let inv = Fixtures.inventory("examples/rdo-22.yaml")

    func problems(_ edit: (String) -> String) -> [String] {
        let text = edit(Fixtures.packText)
        #expect(text != Fixtures.packText, "the edit must change the pack")
        do { _ = try PackLoader.load(text: text, sourceName: "p.yaml"); return [] } catch { return error.diagnostics.map(\.summary) }
    }

    @Test func theBuiltInPackDeclaresTheEventsChoice() throws {
        let o = try #require(Fixtures.pack.planOption("events"))
        #expect(o.values == ["auto", "disable-nova", "disable-neutron"] && o.default == "auto")
    }

    @Test func theDefaultIsFilledInAndAChoiceChangesTheProcedure() {
        let auto = Planner.plan(Fixtures.request(inv, .service))
        #expect(auto.options.packOptions == ["events": "auto"])
        let nova = Planner.plan(Fixtures.request(inv, .service, PlanOptions(packOptions: ["events": "disable-nova"])))
        #expect(nova.options.packOptions == ["events": "disable-nova"])
        #expect(nova.steps.contains { $0.id.rawValue.contains("events-escape") })
        #expect(!auto.steps.contains { $0.id.rawValue.contains("events-escape") })
    }

    @Test func aConditionOnAnUnknownOptionOrValueIsRefused() {
        #expect(problems { $0.replacingOccurrences(of: "{option: events=disable-nova}", with: "{option: event=disable-nova}") }
                == ["unknown plan option 'event' (os_upgrade, by_group, batch_size, canary, events)"])
        #expect(problems { $0.replacingOccurrences(of: "{option: events=disable-nova}", with: "{option: events=disable-nowa}") }
                == ["plan option events has no value 'disable-nowa' (auto, disable-nova, disable-neutron)"])
    }

    @Test func aReservedNameOrADefaultOutsideTheValuesIsRefusedAtItsLine() {
        #expect(problems { $0.replacingOccurrences(of: "  - name: events\n    values:", with: "  - name: canary\n    values:") }
                .contains { $0.hasPrefix("plan option 'canary': the name is Upshift's own") })
        #expect(problems { $0.replacingOccurrences(of: "    default: auto\n    description: >-\n      How the Nova", with: "    default: on\n    description: >-\n      How the Nova") }
                .contains("plan option 'events': default 'on' is not one of its values (auto, disable-nova, disable-neutron)"))
    }

    /// The pack's options sit in `options` by name, as `events` did when it was a field of the engine:
    /// a plan saved before (any pack, `"events": "auto"`) reads back with it as a pack option.
    @Test func aPlanSavedWithTheOldEventsFieldStillLoads() throws {
        let old = try String(contentsOf: Fixtures.root.appendingPathComponent("Tests/UpshiftPlanningTests/Golden/3node-offline.json"), encoding: .utf8)
        #expect(old.contains("\"events\" : \"auto\","))
        let plan = try PlanCodec.decode(old, sourceName: "3node-offline.json")
        #expect(plan.options.packOptions == ["events": "auto"])
        #expect(PlanCodec.encode(plan) == old)
        let viaFoundation = try JSONDecoder().decode(Plan.self, from: Data(old.utf8))
        #expect(viaFoundation == plan)
    }
}
