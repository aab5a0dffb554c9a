import Foundation
import Testing

/// The engine knows no OpenStack (STYLE.md idea 6, issue 14 point 4): no string literal in
/// Sources/UpshiftPlanning or Sources/UpshiftExecution names an OpenStack service, daemon, role or
/// release, or a package-manager or init-system command. Packs and platforms hold those.
///
/// `allowance` lists the files that still do, each with its count today: a count may only go
/// down (the test fails when a file has more, or fewer than its allowance says, so the list is
/// lowered as files are cleaned), and a file not listed may have none.
@Suite struct EngineWordsTests {
    static let words = ["nova", "neutron", "keystone", "glance", "cinder", "horizon", "ceilometer", "heat", "placement",
                        "openstack-[a-z-]+", "yum", "rpm", "dnf", "apt-get", "systemctl", "chkconfig", "icehouse", "havana",
                        "controller", "compute", "vif", "vif_plugging_[a-z_]+", "disable-nova", "disable-neutron",
                        // knowledge that moved to packs and UpshiftImport: Packstack keys, the cloud's networking, the charset flag
                        "config_[a-z_]+", "nova-network", "non_utf8_tables"]
    static let pattern = try! NSRegularExpression(pattern: "\"[^\"]*\\b(\(words.joined(separator: "|")))\\b[^\"]*\"", options: [.caseInsensitive])

    /// Files that still name such words, and how many lines do: none. The Packstack importer, which
    /// reads Packstack's own answer-file keys, lives in UpshiftImport, outside the engine; the
    /// inventory's networking is a cloud setting the pack declares.
    static let allowance: [String: Int] = [:]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Lines (outside comments) with a string literal naming one of the words, per file under `target`.
    static func offenders(in target: String) -> [String: [String]] {
        let root = sources.appendingPathComponent(target)
        var out: [String: [String]] = [:]
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        for url in files where url.pathExtension == "swift" {
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let rel = target + "/" + url.path.dropFirst(root.path.count + 1)
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                let code = String(line)
                if code.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
                if pattern.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil { out[rel, default: []].append(code) }
            }
        }
        return out
    }

    @Test(arguments: ["UpshiftPlanning", "UpshiftExecution"])
    func theEngineNamesNoOpenStack(target: String) {
        let found = Self.offenders(in: target)
        for (file, lines) in found.sorted(by: { $0.key < $1.key }) {
            let allowed = Self.allowance[file] ?? 0
            #expect(lines.count <= allowed, "\(file) names OpenStack in \(lines.count) line(s) (allowed \(allowed)): \(lines.prefix(3).map { $0.trimmingCharacters(in: .whitespaces) })")
        }
        for (file, allowed) in Self.allowance where file.hasPrefix(target + "/") {
            let n = found[file]?.count ?? 0
            #expect(n >= allowed, "\(file) is down to \(n) line(s): lower its allowance from \(allowed)")
        }
    }

    /// Types and fields that were one release step's knowledge in typed code (the VIF-event mode, the
    /// format-1 event and pin sections, the typed networking, the charset check) and are pack data now,
    /// or the Packstack importer that moved to UpshiftImport: they may not come back to the model or
    /// the engine, literal or not.
    static let typedLeftovers = try! NSRegularExpression(
        pattern: "\\b(EventsMode|EventsSpec|RPCPinSpec|options\\.events|pack\\.events|pack\\.rpcPin|Networking|settings\\.networking|nonUTF8[A-Za-z]*|charsetSQL|Packstack[A-Z][A-Za-z]*)\\b")

    @Test(arguments: ["UpshiftModel", "UpshiftPlanning", "UpshiftExecution"])
    func noMovedKnowledgeComesBackAsTypes(target: String) {
        let root = Self.sources.appendingPathComponent(target)
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        #expect(!files.isEmpty)
        for url in files where url.pathExtension == "swift" {
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
                let code = String(line)
                #expect(Self.typedLeftovers.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) == nil,
                        "\(url.lastPathComponent): \(code.trimmingCharacters(in: .whitespaces))")
            }
        }
    }

    @Test func theCheckFindsAWordInALiteral() {
        let line = #"let x = "systemctl restart foo""#
        #expect(Self.pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil)
        let vif = #"let x = "computes expect no VIF events""#
        #expect(Self.pattern.firstMatch(in: vif, range: NSRange(vif.startIndex..., in: vif)) != nil)
        let key = #"place(key: "CONFIG_NOVA_COMPUTE_HOSTS", role: r)"#
        #expect(Self.pattern.firstMatch(in: key, range: NSRange(key.startIndex..., in: key)) != nil)
        let typed = "    public var events: EventsMode"
        #expect(Self.typedLeftovers.firstMatch(in: typed, range: NSRange(typed.startIndex..., in: typed)) != nil)
        let clean = #"let x = "restart {daemons}" // nova"#
        #expect(Self.pattern.firstMatch(in: clean, range: NSRange(clean.startIndex..., in: clean)) == nil)
    }
}
