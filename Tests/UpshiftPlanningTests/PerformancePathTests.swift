import Testing
import UpshiftModel
@testable import UpshiftPlanning

/// The fast paths taken for speed give exactly what the general paths give.
@Suite struct PerformancePathTests {
    @Test func theDirectConfigSpecReaderMatchesCodableDecodingOfTheBuiltInPack() throws {
        let doc = try YAMLDocument(text: Fixtures.packText, sourceName: "havana-icehouse.yaml")
        let direct = try #require(PackConfigReader.services(doc.root))
        #expect(direct == Fixtures.pack.services.map { ServiceConfigSpecs(name: $0.name, config: $0.config) })
        #expect(direct.contains { !$0.config.isEmpty })
    }

    @Test func aConfigSpecTheDirectReaderDoesNotKnowFallsBackToCodableWithItsDiagnostic() throws {
        let text = """
        services:
          - name: nova
            config:
              - file: /etc/nova/nova.conf
                changes:
                  - {kind: rename, option: DEFAULT/a, deprecated: yes}
                  - {kind: bogus, option: DEFAULT/b}
        """
        let doc = try YAMLDocument(text: text, sourceName: "p.yaml")
        #expect(PackConfigReader.services(doc.root) == nil)
        #expect(throws: InputError.self) { try PackLoader.loadConfigSpecs(text: text, sourceName: "p.yaml") }
    }

    @Test func aRenameWithoutTargetIsRejectedWithItsLine() throws {
        let text = """
        services:
          - name: nova
            config:
              - file: /etc/nova/nova.conf
                changes:
                  - {kind: rename, option: DEFAULT/a}
        """
        do {
            _ = try PackLoader.loadConfigSpecs(text: text, sourceName: "p.yaml")
            Issue.record("a rename without 'to' was accepted")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.id == "pack.config-change")
            #expect(d.subject.location?.line != nil)
        }
    }

    @Test func inventoryFieldsFindTheNodesYamsLookupFinds() throws {
        let doc = try YAMLDocument(text: "a: 1\nb: [x]\n'c': 3\n", sourceName: "i.yaml")
        let map = try #require(doc.root?.mapping)
        let fields = try #require(NodeReader.fields(map))
        for key in ["a", "b", "c", "missing"] { #expect(fields[key] == map[key]) }
    }
}
