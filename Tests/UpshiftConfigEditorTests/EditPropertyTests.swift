import PropertyBased
import Testing
import UpshiftConfigEditor
import UpshiftModel

@Suite("Random edit sequences")
struct EditPropertyTests {
    static let file = "operator/havana-rdo-packstack-el6/nova.conf"

    /// Applies one encoded edit; returns the options it touched.
    static func apply(_ code: Int, to doc: inout ConfigDocument, options: [OptionRef]) throws -> [OptionRef] {
        let pool = options + [OptionRef(section: "DEFAULT", key: "new_opt"), OptionRef(section: "libvirt", key: "virt_type"),
                              OptionRef(section: "upgrade_levels", key: "compute")]
        let ref = pool[(code / 5) % pool.count], other = pool[(code / 7) % pool.count]
        switch code % 5 {
        case 0: try doc.set(ref, to: "v\(code)"); return [ref]
        case 1: doc.unset(ref); return [ref]
        case 2: doc.commentOut(ref, note: "test \(code)"); return [ref]
        case 3: doc.rename(ref, to: other); return [ref, other]
        default: try doc.set(ref, to: "multi\(code)\nline"); return [ref]
        }
    }

    @Test("every line of an option no edit touched survives, in order, and the result parses")
    func untouchedLinesSurvive() async throws {
        let original = try ConfigDocument.parse(bytes: SharedData.bytes(Self.file), sourceName: "nova.conf")
        let options = original.assignedOptions()
        await propertyCheck(count: 100, input: Gen.int(in: 0...1_000_000).array(of: 1...12)) { codes in
            var doc = original
            var touched = Set<OptionRef>()
            for code in codes {
                let refs = try! Self.apply(code, to: &doc, options: options)
                for r in refs { touched.insert(OptionRef(section: r.section.lowercased(), key: r.key)) }
            }
            let touchedLines = Set(original.entries
                .filter { touched.contains(OptionRef(section: $0.section.lowercased(), key: $0.key)) }
                .flatMap { Array($0.lines) })
            let expected = original.lines.indices.filter { !touchedLines.contains($0) }.map { original.lines[$0].rendered }
            #expect(Self.isSubsequence(expected, of: doc.lines.map(\.rendered)))
            let reparsed = try? ConfigDocument.parse(text: doc.render(), sourceName: "edited")
            #expect(reparsed?.entries.map(\.value) == doc.entries.map(\.value))
            for e in original.entries where !touched.contains(OptionRef(section: e.section.lowercased(), key: e.key)) {
                #expect(doc.values(of: e.option) == original.values(of: e.option))
            }
        }
    }

    static func isSubsequence(_ small: [String], of big: [String]) -> Bool {
        var i = 0
        for line in big where i < small.count && line == small[i] { i += 1 }
        return i == small.count
    }
}
