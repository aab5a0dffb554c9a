import UpshiftModel

/// An inventory together with where it came from, so that validation can point at file:line.
///
/// For an inventory read from YAML, `hostSource[i]` is the index in the YAML `hosts:` list that
/// `inventory.hosts[i]` came from (hosts with unusable entries are dropped, so the two differ).
/// For an imported inventory there is no document and locations name only the file.
public struct ParsedInventory: Sendable {
    /// The inventory as far as it could be read; hosts that could not be read are left out.
    public var inventory: Inventory
    /// Problems found while reading (missing fields, wrong types, unknown keys).
    public var diagnostics: [Diagnostic]
    /// The file name used in diagnostics.
    public let sourceName: String
    let document: YAMLDocument?
    let hostSource: [Int]

    init(inventory: Inventory, diagnostics: [Diagnostic], sourceName: String, document: YAMLDocument?, hostSource: [Int]) {
        self.inventory = inventory; self.diagnostics = diagnostics; self.sourceName = sourceName
        self.document = document; self.hostSource = hostSource
    }

    /// Wraps an inventory that was built in memory (an import); locations name only `sourceName`.
    public init(inventory: Inventory, sourceName: String) {
        self.init(inventory: inventory, diagnostics: [], sourceName: sourceName, document: nil,
                  hostSource: Array(inventory.hosts.indices))
    }

    /// The location of a path of keys from the document root.
    public func location(_ path: [YAMLDocument.PathKey]) -> SourceLocation {
        document?.location(ofKeys: path) ?? SourceLocation(file: sourceName)
    }

    /// The location of `path` inside the entry of `inventory.hosts[host]`.
    public func location(host: Int, _ path: [YAMLDocument.PathKey] = []) -> SourceLocation {
        guard host < hostSource.count else { return SourceLocation(file: sourceName) }
        return location([.key("hosts"), .index(hostSource[host])] + path)
    }
}
