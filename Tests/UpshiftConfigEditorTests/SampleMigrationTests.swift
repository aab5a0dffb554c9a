import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftModel
import UpshiftTestSupport

/// Havana samples turned into hand-edited files (defaults uncommented, old names added) and migrated.
@Suite("Migration of Havana samples to Icehouse names")
struct SampleMigrationTests {
    /// The Havana nova.conf.sample with every commented-out default the pack renames or removes uncommented.
    static func novaVariant() throws -> (text: String, changes: [ConfigChange]) {
        let changes = try PackFixture.changes(for: "nova.conf")
        let oldKeys = Set(changes.filter { $0.option.section == "DEFAULT" && $0.kind != .warn }.map(\.option.key))
        let lines = try SharedData.text("nova/2013.2.4/nova.conf.sample").split(separator: "\n", omittingEmptySubsequences: false)
        let edited = lines.map { line -> Substring in
            guard line.hasPrefix("#"), let eq = line.firstIndex(of: "="), oldKeys.contains(String(line.dropFirst()[..<eq])) else { return line }
            return line.dropFirst()
        }
        return (edited.joined(separator: "\n"), changes)
    }

    /// The Havana neutron.conf sample with old option names an operator would have set.
    static func neutronVariant() throws -> (text: String, changes: [ConfigChange]) {
        let sample = try SharedData.text("neutron/2013.2.4/neutron.conf")
        let text = sample.replacingOccurrences(of: "[DEFAULT]\n", with: """
            [DEFAULT]
            # set by hand during Havana
            dhcp_lease_time = 120
            rabbit_durable_queues=True
            use_tpool = False
            sql_connection = mysql://neutron:s3cret@10.0.0.1/neutron

            """)
        return (text, try PackFixture.changes(for: "neutron.conf"))
    }

    @Test("golden diffs: every renamed option moves, every removed option is commented out, secrets masked",
          arguments: ["nova", "neutron"])
    func golden(service: String) throws {
        let (text, changes) = service == "nova" ? try Self.novaVariant() : try Self.neutronVariant()
        let doc = try ConfigDocument.parse(text: text, sourceName: "\(service).conf")
        let r = try ConfigMigrator(options: MigrationOptions(rewriteDeprecated: true)).migrate(doc, changes: changes)
        Golden.check(r.diff(), "\(service).conf.havana-sample.diff")
        #expect(!r.diff().contains("s3cret"))
        for c in changes where c.kind == .rename && doc.contains(c.option) && (c.when?.holds(doc.value(of: c.when!.option)) ?? true) {
            #expect(!r.document.contains(c.option) || c.option.key == c.to?.key && c.option.section.lowercased() == c.to?.section.lowercased())
        }
    }

    @Test("oslo.config reads the migrated samples' values under the new names",
          .enabled(if: OsloHarness.available, "python3 with oslo.config is missing: pip install oslo.config"),
          arguments: ["nova", "neutron"])
    func oslo(service: String) throws {
        let (text, changes) = service == "nova" ? try Self.novaVariant() : try Self.neutronVariant()
        let doc = try ConfigDocument.parse(text: text, sourceName: "\(service).conf")
        let r = try ConfigMigrator(options: MigrationOptions(rewriteDeprecated: true)).migrate(doc, changes: changes)
        let renames = changes.filter { c in c.kind == .rename && doc.contains(c.option) && (c.when?.holds(doc.value(of: c.when!.option)) ?? true) }
        #expect(!renames.isEmpty)
        // oslo.config substitutes `$name` references on access; those values are compared at the parser level.
        let templated = renames.filter { doc.value(of: $0.option)?.contains("$") == true }
        let plain = renames.filter { doc.value(of: $0.option)?.contains("$") != true }
        let path = try OsloHarness.temporaryFile(r.document.render(), name: "\(service).conf")
        let migrated = try OsloHarness.read(path, plain.map { "\($0.to!)" })
        for c in plain {
            #expect(migrated["\(c.to!)"] == .some(doc.value(of: c.option)), "\(c.option) -> \(c.to!)")
        }
        let parsed = try #require(OsloHarness.parse([path])[path]?.sections)
        for c in templated {
            #expect(parsed[c.to!.section]?[c.to!.key]?.last == doc.value(of: c.option), "\(c.option) -> \(c.to!)")
        }
    }
}
