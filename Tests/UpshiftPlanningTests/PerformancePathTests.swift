import Foundation
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

/// The strict plan reader gives the plan `JSONDecoder` gives, or gives up.
@Suite struct PlanTreeReaderTests {
    let inv = Fixtures.inventory("examples/rdo-22.yaml")

    func viaFoundation(_ text: String) throws -> Plan { try JSONDecoder().decode(Plan.self, from: Data(text.utf8)) }

    @Test(arguments: PlanMethod.allCases) func everyMethodsPlanReadsBackIdentically(_ method: PlanMethod) throws {
        var plan = Planner.plan(Fixtures.request(inv, method, PlanOptions(pauseAfter: [], settings: ["x": "y \"q\"\n\\ é ☃"])))
        plan.steps[0].why = "tab\there, slash / and quote \" and unicode ✓"
        let text = PlanCodec.encode(plan)
        let tree = try #require(JSONTree.parse(text))
        let fast = try #require(PlanTreeReader.plan(tree))
        #expect(fast == plan)
        #expect(fast == (try viaFoundation(text)))
        #expect(try PlanCodec.decode(text, sourceName: "p.json") == plan)
    }

    @Test func anUnknownKeyOrAnEscapeItDoesNotHandleFallsBackToFoundation() throws {
        let plan = Planner.plan(Fixtures.request(inv, .live))
        let text = PlanCodec.encode(plan)
        let extra = text.replacingOccurrences(of: "\"format_version\" : 1,", with: "\"format_version\" : 1, \"note\" : \"x\\u00e9\",")
        #expect(extra != text)
        #expect(JSONTree.parse(extra) == nil)
        #expect(try PlanCodec.decode(extra, sourceName: "p.json") == plan)
        let unknown = text.replacingOccurrences(of: "\"format_version\" : 1,", with: "\"format_version\" : 1, \"note\" : 2,")
        #expect(PlanTreeReader.plan(try #require(JSONTree.parse(unknown))) == nil)
        #expect(try PlanCodec.decode(unknown, sourceName: "p.json") == plan)
    }

    @Test func theTreeReaderRejectsWhatItDoesNotAccept() {
        for bad in ["", "{", "[1,]", "{\"a\":1,\"a\":2}", "1.5", "01", "\"\\x\"", "[1] x", "tru", "{\"a\" 1}"] {
            #expect(JSONTree.parse(bad) == nil, "\(bad)")
        }
        #expect(JSONTree.parse(" {\"a\": [1, -2, true, null, \"s\\n\"]} ") ==
                .object([("a", .array([.int(1), .int(-2), .bool(true), .null, .string("s\n")]))]))
    }
}

/// The plan encoder writes exactly what Foundation's JSONEncoder writes.
@Suite struct PrettyJSONEncoderTests {
    func foundation<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    @Test(arguments: PlanMethod.allCases) func plansEncodeByteForByteLikeFoundation(_ method: PlanMethod) throws {
        let inv = Fixtures.inventory("examples/rdo-22.yaml")
        var plan = Planner.plan(Fixtures.request(inv, method, PlanOptions(settings: ["b": "1", "a_b": "2", "a.b": "3", "B": "4", "é": "5"])))
        var control = ""
        for b in UInt8(0)..<0x80 { control.unicodeScalars.append(Unicode.Scalar(b)) }
        plan.steps[0].why = control + " / é ☃ 🙂"
        plan.steps[1].params.options = []
        plan.decisions = []
        #expect(try #require(PrettyJSONEncoder.encode(plan)) == (try foundation(plan)))
    }

    @Test func oddShapesEncodeLikeFoundation() throws {
        struct Odd: Encodable {
            var n: Int? = nil
            var empty: [String: Int] = [:]
            var nested: [[Int]] = [[], [1, -2]]
            var flags: [Bool?] = [true, nil]
            var big: UInt64 = .max
            var small: Int8 = -8
        }
        #expect(try #require(PrettyJSONEncoder.encode(Odd())) == (try foundation(Odd())))
        #expect(PrettyJSONEncoder.encode(["x": 1.5]) == nil)
    }
}
