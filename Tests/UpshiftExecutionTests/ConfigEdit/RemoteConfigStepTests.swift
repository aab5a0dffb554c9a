import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

@Suite("Config steps of a plan carried out by RemoteConfigEditor")
struct RemoteConfigStepTests {
    static func pack() throws -> Pack {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/UpshiftCLI/Packs/havana-icehouse.yaml")
        return try PackLoader.load(text: String(contentsOf: url, encoding: .utf8), sourceName: "havana-icehouse.yaml")
    }

    static func step(_ action: StepAction, file: String?, options: [OptionValue] = [], service: String? = nil) -> Step {
        var p = StepParams()
        p.file = file; p.options = options; p.service = service.map(ServiceName.init)
        return Step(id: StepID("test/\(action.rawValue)@cmp-01"), phase: PhaseID("test"), action: action,
                    hosts: [HostName("cmp-01")], params: p, reversible: true)
    }

    @Test("pin-rpc sets, unpin-rpc removes, migrate-config applies the service's pack changes")
    func steps() async throws {
        let nova = "/etc/nova/nova.conf"
        let fs = FakeFileSystemTransport(files: [nova: Array("[DEFAULT]\nlibvirt_type=kvm\n[database]\nuse_tpool=False\n".utf8)])
        let editor = RemoteConfigEditor(access: TransportConfigFileAccess(transport: fs, target: HostTarget(name: HostName("cmp-01"), address: "cmp-01")),
                                        stamp: "20261125T180000")
        let pack = try Self.pack()
        let pin = OptionValue(option: OptionRef(parsing: "upgrade_levels/compute")!, value: "icehouse-compat")
        _ = try await editor.apply(Self.step(.pinRPC, file: nova, options: [pin]), pack: pack, options: MigrationOptions())
        #expect(String(decoding: fs.files[nova]!, as: UTF8.self).hasSuffix("\n[upgrade_levels]\ncompute=icehouse-compat\n"))
        _ = try await editor.apply(Self.step(.unpinRPC, file: nova, options: [pin]), pack: pack, options: MigrationOptions())
        #expect(!String(decoding: fs.files[nova]!, as: UTF8.self).contains("compute=icehouse-compat"))
        let results = try await editor.apply(Self.step(.migrateConfig, file: nil, service: "nova"), pack: pack,
                                             options: MigrationOptions(rewriteDeprecated: true))
        #expect(results.count == 1 && results[0].changed)
        let text = String(decoding: fs.files[nova]!, as: UTF8.self)
        #expect(text.contains("#use_tpool=False") && text.contains("[libvirt]\nvirt_type=kvm"))
        await #expect(throws: ConfigEditFailure.self) {
            _ = try await editor.apply(Self.step(.restart, file: nova), pack: pack, options: MigrationOptions())
        }
    }
}
