import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftModel

@Suite("Cross-check with the real oslo.config",
       .enabled(if: OsloHarness.available, "python3 with oslo.config is missing: pip install oslo.config"))
struct OsloCrossCheckTests {
    /// CRLF endings, tabs, inline `#`/`;` (part of the value), quotes, `:` separators, the same
    /// section in two cases, a key repeated across them, and a continuation with a tab.
    static let handEdited = "[DEFAULT]\r\nkey\t=\tvalue\t\r\nhash = b # not a comment\r\nsemi=x;y\r\n" +
        "[Foo]\r\na: \"b\"\r\n\tmore\r\n[foo]\r\na = 'c'\r\nempty=\r\n; end\r\n"

    @Test("Upshift reads every corpus file and the hand-made edge cases exactly as oslo.config does")
    func sameValues() throws {
        let edge = try OsloHarness.temporaryFile(ParsingTests.edgeText, name: "edge.conf")
        let crlf = try OsloHarness.temporaryFile(Self.handEdited, name: "hand-edited.conf")
        var paths = SharedData.configFiles.map { SharedData.root.appendingPathComponent($0).path }
        paths += [edge, crlf]
        let oslo = try OsloHarness.parse(paths)
        for path in paths {
            let doc = try ConfigDocument.parse(bytes: [UInt8](FileManager.default.contents(atPath: path) ?? Data()), sourceName: path)
            let theirs = try #require(oslo[path])
            #expect(theirs.error == nil, "oslo.config refused \(path)")
            #expect(theirs.sections == doc.normalizedValues(), "values differ for \(path)")
        }
    }

    @Test("after migrate, oslo.config reads the old values under the new names (as it did through the deprecated aliases)")
    func migratedNova() throws {
        let file = "operator/havana-rdo-packstack-el6/nova.conf"
        let original = try ConfigDocument.parse(bytes: SharedData.bytes(file), sourceName: "nova.conf")
        let changes = try PackFixture.changes(for: "nova.conf")
        let migrated = try ConfigMigrator(options: MigrationOptions(rewriteDeprecated: true)).migrate(original, changes: changes)
        // A rename with a `when:` applies only where its condition holds (a vendor VIF driver, §12 #5).
        let renames = changes.filter { c in c.kind == .rename && original.contains(c.option) && (c.when?.holds(original.value(of: c.when!.option)) ?? true) }
        #expect(renames.count >= 4)
        let before = try OsloHarness.read(SharedData.root.appendingPathComponent(file).path,
                                          renames.map { "\($0.to!)=\($0.option)" })
        let after = try OsloHarness.read(OsloHarness.temporaryFile(migrated.document.render(), name: "nova.conf"),
                                         renames.map { "\($0.to!)" } + ["DEFAULT/rpc_backend", "DEFAULT/libvirt_vif_driver"])
        for c in renames {
            let expected = original.value(of: c.option)
            #expect(before["\(c.to!)=\(c.option)"] == .some(expected), "\(c.option) through the alias")
            #expect(after["\(c.to!)"] == .some(expected), "\(c.to!) after migrate")
        }
        #expect(after["DEFAULT/rpc_backend"] == .some("qpid"))
        #expect(after["DEFAULT/libvirt_vif_driver"] == .some(nil), "removed option is commented out")
    }

    @Test("after migrate, oslo.config reads the Nova event settings the pack sets in neutron.conf")
    func migratedNeutron() throws {
        let pack = try PackFixture.pack()
        let senderOn = try #require(pack.optionSets["events-on"]).values
        let doc = try ConfigDocument.parse(bytes: SharedData.bytes("operator/havana-rdo-packstack-el6/neutron.conf"), sourceName: "neutron.conf")
        let resolver: PlaceholderResolver = { p in p.kind == "host" ? "ctl.example" : p.kind == "var" ? "t-1" : p.kind == "secret" ? "s3" : nil }
        let r = try ConfigMigrator(options: MigrationOptions(resolver: resolver))
            .migrate(doc, changes: senderOn.map { ConfigChange(kind: .set, option: $0.option, value: $0.value) })
        let values = try OsloHarness.read(OsloHarness.temporaryFile(r.document.render(), name: "neutron.conf"),
                                          senderOn.map(\.option.description))
        for ov in senderOn {
            let expected = try Placeholders.substitute(ov.value, for: "\(ov.option)", resolver: resolver).value
            #expect(values[ov.option.description] == .some(expected), "\(ov.option)")
        }
    }
}
