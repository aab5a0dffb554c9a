/// An operator's command run before or after a phase (or each batch of a phase) of the plan, from
/// the inventory's `hooks:` (docs/inventory.md). It becomes a `hook` step: journaled with its output
/// like every step, shown in the plan as the operator's own command.
public struct Hook: Codable, Sendable, Hashable {
    public enum When: String, Codable, Sendable, Hashable { case before, after }
    public var when: When
    public var phase: PhaseID
    /// Before/after every batch of the phase instead of the whole phase.
    public var eachBatch: Bool
    /// The inventory host the command runs on.
    public var host: HostName
    /// A shell command run on the host.
    public var run: String?
    /// A local executable file (relative to the inventory) whose text is run on the host with /bin/sh.
    public var file: String?
    /// Where the hook is written (for diagnostics and the step's `why`).
    public var location: SourceLocation?

    public init(when: When, phase: PhaseID, eachBatch: Bool = false, host: HostName, run: String? = nil, file: String? = nil,
                location: SourceLocation? = nil) {
        self.when = when; self.phase = phase; self.eachBatch = eachBatch; self.host = host
        self.run = run; self.file = file; self.location = location
    }
    enum CodingKeys: String, CodingKey { case when, phase, eachBatch = "each_batch", host, run, file, location }
}
