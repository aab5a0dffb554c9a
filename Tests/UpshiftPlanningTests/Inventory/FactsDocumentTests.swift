import Testing
import UpshiftModel
import UpshiftPlanning

@Suite struct FactsDocumentTests {
    static let good = """
    {"format_version": 1, "hosts": [{"host": "ctl", "reachable": true, "packages": {"openstack-nova-common": "2013.2.3-1.el6"},
      "running": ["openstack-nova-api"], "config": {}}, {"host": "zzz", "reachable": false, "error": "timeout",
      "packages": {}, "running": [], "config": {}}], "databases": [{"name": "nova", "version": "216", "flags": []}]}
    """

    @Test func factsWrittenByDiscoverParse() throws {
        let facts = try FactsDocument.parse(text: Self.good, sourceName: "facts.json")
        #expect(facts.database("nova")?.version == "216")
        #expect(facts.host("ctl")?.packages["openstack-nova-common"] == "2013.2.3-1.el6")
    }

    @Test(arguments: [
        ("{\"format_version\": 2, \"hosts\": [], \"databases\": []}", "facts.unsupported-format-version"),
        ("[1, 2]", "facts.invalid"),
        ("{\"hosts\": []}", "facts.invalid"),
        ("{\"format_version\": 1, \"hosts\": [{\"host\": 3}], \"databases\": []}", "facts.invalid"),
    ])
    func badFactsFilesAreRejectedWithTheFileName(text: String, id: String) {
        #expect {
            _ = try FactsDocument.parse(text: text, sourceName: "facts.json")
        } throws: { error in
            let d = (error as! InputError).diagnostics
            return d.map(\.id) == [id] && d[0].oneLine.hasPrefix("facts.json: error:")
        }
    }

    @Test func factsOfAnotherCloudAreAnErrorAndGapsAreWarnings() throws {
        let facts = try FactsDocument.parse(text: Self.good, sourceName: "facts.json")
        let inv = Inventory(name: "t", settings: CloudSettings(services: []), hosts: [
            Host(name: "ctl", address: "a", os: .el6, release: "havana", roles: ["controller"]),
            Host(name: "cmp", address: "b", os: .el6, release: "havana", roles: ["compute"]),
        ])
        let d = FactsDocument.crossCheck(facts, inventory: inv, sourceName: "facts.json")
        #expect(d.map(\.id) == ["facts.unknown-host", "facts.missing-host", "facts.unreachable-host"])
        #expect(d[0].severity == .error && d[0].subject.hosts == ["zzz"])
    }
}
