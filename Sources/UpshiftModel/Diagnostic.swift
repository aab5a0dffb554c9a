/// How bad a finding is. `error` blocks a plan or an input; `warning` is shown and allowed.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case info, warning, error
    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.info, .warning, .error]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// A place in an input file. `line` and `column` are 1-based when known.
public struct SourceLocation: Codable, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file; self.line = line; self.column = column
    }
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let column, line != nil { s += ":\(column)" }
        return s
    }
}

/// What a diagnostic is about: a place in a file, some hosts, a step, or a rule.
public struct DiagnosticSubject: Codable, Sendable, Hashable {
    public var location: SourceLocation?
    public var hosts: [HostName]
    public var step: StepID?
    public init(location: SourceLocation? = nil, hosts: [HostName] = [], step: StepID? = nil) {
        self.location = location; self.hosts = hosts; self.step = step
    }
}

/// A problem as a value: collected, not thrown, so one run reports every problem.
///
/// `id` is stable (`plan.unsafe-order`, `events.compute-waits-for-nothing`) so docs, tests and
/// operators' runbooks can quote it. `fix` says what to do. `reference` names the source of the rule.
public struct Diagnostic: Codable, Sendable, Hashable {
    public var id: String
    public var severity: Severity
    public var summary: String
    public var detail: String?
    public var fix: String?
    public var reference: String?
    public var subject: DiagnosticSubject

    public init(id: String, severity: Severity, summary: String, detail: String? = nil, fix: String? = nil,
                reference: String? = nil, subject: DiagnosticSubject = .init()) {
        self.id = id; self.severity = severity; self.summary = summary; self.detail = detail
        self.fix = fix; self.reference = reference; self.subject = subject
    }

    /// One-line rendering: `file:line: error: summary [id]`.
    public var oneLine: String {
        var prefix = ""
        if let loc = subject.location { prefix = "\(loc): " }
        return "\(prefix)\(severity.rawValue): \(summary) [\(id)]"
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errors: [Diagnostic] { filter { $0.severity == .error } }
}

/// Thrown by parsers when an input cannot be used at all; carries every diagnostic found.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ d: Diagnostic) { self.diagnostics = [d] }
    public var description: String { diagnostics.map(\.oneLine).joined(separator: "\n") }
}
