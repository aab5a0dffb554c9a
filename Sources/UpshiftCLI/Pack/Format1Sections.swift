import UpshiftModel
import UpshiftPlanning

// The two sections of a format-1 pack that `pack convert` turns into option sets and final checks.
// Format 2 has neither: they were the knobs of the Swift skeleton format 1 planned with.

/// Format 1's `events` and `rpc_pin`, read from the same file as the rest of the pack.
struct Format1Sections: Decodable {
    var events: EventsSpec?
    var rpcPin: RPCPinSpec?
    enum CodingKeys: String, CodingKey { case events, rpcPin = "rpc_pin" }

    /// The sections of `doc`, their daemons and roles checked against the pack as format 1 checked them.
    static func read(_ doc: YAMLDocument, pack: Pack) throws(InputError) -> Format1Sections {
        let s = try doc.decode(Format1Sections.self)
        let daemons = Set(pack.services.flatMap(\.allDaemons)), roles = Set(pack.roles.map(\.name))
        var out: [Diagnostic] = []
        func fail(_ id: String, _ summary: String, _ path: [YAMLDocument.PathKey]) {
            out.append(Diagnostic(id: "pack.\(id)", severity: .error, summary: summary, subject: .init(location: doc.location(ofKeys: path))))
        }
        if let e = s.events {
            for d in [e.waiter, e.sender] where !daemons.contains(d) { fail("unknown-reference", "events names unknown daemon '\(d)'", [.key("events")]) }
            for l in e.lookups where !roles.contains(l.role) {
                fail("unknown-role", "lookup '\(l.variable)' names unknown role '\(l.role)'", [.key("events"), .key("lookups")])
            }
        }
        for d in s.rpcPin?.senders ?? [] where !daemons.contains(d) {
            fail("unknown-reference", "rpc_pin names unknown daemon '\(d)'", [.key("rpc_pin"), .key("senders")])
        }
        if !out.isEmpty { throw InputError(out) }
        return s
    }
}

/// The Nova ↔ Neutron VIF-event exchange: who waits, who sends, and the two escapes.
struct EventsSpec: Codable, Sendable, Hashable {
    var waiter: DaemonName
    var waiterFile: String
    /// Values that make the waiter expect no events (the Nova-side escape).
    var waiterEscape: [OptionValue]
    /// Values restored once events flow.
    var waiterDefaults: [OptionValue]
    var sender: DaemonName
    var senderFile: String
    /// Values that make the sender deliver events (with placeholders for URL, credentials, tenant id).
    var senderOn: [OptionValue]
    /// Values that stop the sender (the Neutron-side escape).
    var senderOff: [OptionValue]
    /// Look-ups run on a host of `role` before the sender is configured (tenant id).
    var lookups: [Lookup]
    enum CodingKeys: String, CodingKey {
        case waiter, waiterFile = "waiter_file", waiterEscape = "waiter_escape", waiterDefaults = "waiter_defaults"
        case sender, senderFile = "sender_file", senderOn = "sender_on", senderOff = "sender_off", lookups
    }
}

/// A value read from the cloud at apply time into a run variable (`{{var:NAME}}`).
struct Lookup: Codable, Sendable, Hashable {
    var variable: String
    var role: RoleName
    var command: String
    /// The table field to read from the command's `| Property | Value |` output.
    var field: String
}

/// The compute RPC pin of a live upgrade.
struct RPCPinSpec: Codable, Sendable, Hashable {
    var file: String
    var option: OptionRef
    var value: String
    /// Daemons on controllers that send compute RPC and must carry the pin while old computes run.
    var senders: [DaemonName]
    /// The package whose version every compute must report before the pin is removed.
    var verifyPackage: String
    enum CodingKeys: String, CodingKey {
        case file, option, value, senders, verifyPackage = "verify_package"
    }
}
