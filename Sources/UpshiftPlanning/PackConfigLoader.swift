import UpshiftModel

/// One service's config file specs: the part of a pack `config migrate` and `config lint` use.
public struct ServiceConfigSpecs: Decodable, Sendable, Hashable {
    public var name: ServiceName
    public var config: [ConfigFileSpec]

    public init(name: ServiceName, config: [ConfigFileSpec]) { self.name = name; self.config = config }

    enum CodingKeys: String, CodingKey { case name, config }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(ServiceName.self, forKey: .name)
        config = try c.decodeIfPresent([ConfigFileSpec].self, forKey: .config) ?? []
    }
}

extension PackLoader {
    /// Decodes only the services' names and config specs of a pack, skipping roles, daemons, rules
    /// and the rest: a short-lived `config migrate` then pays for a fraction of the pack's decoding.
    /// Meant for a pack already known to be valid (a built-in one); the config changes are still checked.
    public static func loadConfigSpecs(text: String, sourceName: String) throws(InputError) -> [ServiceConfigSpecs] {
        struct View: Decodable { var services: [ServiceConfigSpecs] }
        let doc = try YAMLDocument(text: text, sourceName: sourceName)
        let services: [ServiceConfigSpecs]
        if let direct = PackConfigReader.services(doc.root) { services = direct } else { services = try doc.decode(View.self).services }
        var problems: [Diagnostic] = []
        for (i, s) in services.enumerated() {
            problems += configProblems(s.config, at: [.key("services"), .index(i)], in: doc)
        }
        if problems.hasErrors { throw InputError(problems) }
        return services
    }

    /// The config changes that lack what their kind needs, located in `doc`.
    static func configProblems(_ specs: [ConfigFileSpec], at: [YAMLDocument.PathKey], in doc: YAMLDocument) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (j, f) in specs.enumerated() {
            for (k, ch) in f.changes.enumerated() {
                let cp = at + [.key("config"), .index(j), .key("changes"), .index(k)]
                let summary: String
                switch ch.kind {
                case .rename where ch.to == nil: summary = "a rename of \(ch.option) needs 'to'"
                case .set where ch.value == nil: summary = "a set of \(ch.option) needs 'value'"
                case .rewrite where (ch.values ?? [:]).isEmpty: summary = "a rewrite of \(ch.option) needs 'values'"
                default: continue
                }
                out.append(Diagnostic(id: "pack.config-change", severity: .error, summary: summary,
                                      subject: .init(location: doc.location(ofKeys: cp))))
            }
        }
        return out
    }
}
