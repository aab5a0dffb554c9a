import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// Bad procedures are refused with the file and line of the problem and what is wrong.
@Suite struct ProcedureLoaderTests {
    func problems(_ edit: (String) -> String) -> [Diagnostic] {
        let text = edit(Fixtures.packText)
        #expect(text != Fixtures.packText, "the edit must change the pack")
        do { _ = try PackLoader.load(text: text, sourceName: "p.yaml"); return [] } catch { return error.diagnostics }
    }
    func line(of needle: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    @Test func aStepNamingAnUnknownDaemonIsRefusedAtItsLine() {
        let needle = "{do: restart, daemons: [neutron-server], why: load the notification options}"
        let edited = Fixtures.packText.replacingOccurrences(of: needle, with: "{do: restart, daemons: [neutron-servr], why: load the notification options}")
        let ds = problems { _ in edited }
        #expect(ds.map(\.id) == ["pack.unknown-daemon"])
        #expect(ds.first?.summary.contains("unknown daemon 'neutron-servr'") == true)
        #expect(ds.first?.subject.location?.line == line(of: "neutron-servr", in: edited))
    }

    @Test func aStepNamingAnUnknownRoleIsRefused() {
        let ds = problems { $0.replacingOccurrences(of: "{do: migrate-config, label_many: controllers}\n          - {do: pin-rpc", with: "{do: migrate-config, label_many: controllers, hosts: {role: controler}}\n          - {do: pin-rpc") }
        #expect(ds.map(\.id) == ["pack.unknown-role"])
        #expect(ds.first?.summary == "unknown role 'controler'")
    }

    @Test func anUnknownStepKindIsRefusedAtItsLine() {
        let edited = Fixtures.packText.replacingOccurrences(of: "- {do: repo-switch, service: \"\", label: all}", with: "- {do: repo-swap, service: \"\", label: all}")
        let ds = problems { _ in edited }
        #expect(ds.map(\.id) == ["input.invalid"])
        #expect(ds.first?.summary.contains("repo-swap") == true)
        #expect(ds.first?.subject.location?.line == line(of: "repo-swap", in: edited))
    }

    @Test func aCycleOfHostSetsIsRefused() {
        let ds = problems { $0.replacingOccurrences(of: "non-computes: {set: all, minus: computes}", with: "non-computes: {set: all, minus: loop}\n    loop: {set: non-computes}") }
        #expect(ds.map(\.id) == ["pack.cycle", "pack.cycle"])
        #expect(ds.map(\.summary) == ["host set 'loop' refers to itself", "host set 'non-computes' refers to itself"])
    }

    @Test func aCycleOfConditionsIsRefused() {
        let ds = problems { $0.replacingOccurrences(of: "events-auto: {option: events=auto}", with: "events-auto: {all: [{option: events=auto}, escape-while-pinned2]}\n    escape-while-pinned2: events-auto") }
        #expect(ds.map(\.id).contains("pack.cycle"))
    }

    @Test func aKindMissingItsParameterIsRefused() {
        let ds = problems { $0.replacingOccurrences(of: "- {do: pin-rpc, label_many: controllers, options: rpc-pin,", with: "- {do: pin-rpc, label_many: controllers,") }
        #expect(ds.map(\.id) == ["pack.step"])
        #expect(ds.first?.summary == "phase 'nova-controllers', step pin-rpc needs `options`")
    }

    @Test func anUnknownOptionSetOrHostSetIsRefused() {
        let ds = problems { $0.replacingOccurrences(of: "hosts: neutron-servers, options: events-off", with: "hosts: neutron-serverz, options: events-of") }
        #expect(Set(ds.map(\.summary)) == ["unknown host set 'neutron-serverz'", "phase 'neutron', step set-option: unknown option set 'events-of'"])
    }
}
