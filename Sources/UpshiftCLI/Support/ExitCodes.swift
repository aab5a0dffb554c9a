import ArgumentParser
import UpshiftModel

/// Upshift's documented exit codes (also in README and `--help`).
public enum UpshiftExit {
    public static let ok: Int32 = 0
    /// A step failed, a host failed, or a run stopped.
    public static let failure: Int32 = 1
    /// The safety check (or pre-flight) found a blocking problem.
    public static let checkFailed: Int32 = 2
    /// Refused: drift, a lock, the point of no return.
    public static let refused: Int32 = 3
    /// Wrong command-line usage.
    public static let usage: Int32 = 64
    /// An input file is malformed or invalid.
    public static let invalidInput: Int32 = 65
    /// Ctrl-C before anything ran (apply's pre-run check of the hosts): nothing was run or recorded.
    public static let interruptedBeforeRun: Int32 = 130

    public static let helpText = "Exit codes: 0 ok; 1 a step or host failed; 2 the safety check or pre-flight failed; "
        + "3 refused (drift, lock, point of no return); 64 usage error; 65 invalid input file; "
        + "130 Ctrl-C before anything ran."
}

/// An error the CLI reports as diagnostics with a given exit code.
public struct CLIFailure: Error {
    public var diagnostics: [Diagnostic]
    public var code: Int32
    public init(_ diagnostics: [Diagnostic], code: Int32) { self.diagnostics = diagnostics; self.code = code }
    public init(_ message: String, id: String = "cli.error", code: Int32 = UpshiftExit.failure, file: String? = nil) {
        self.init([Diagnostic(id: id, severity: .error, summary: message, subject: .init(location: file.map { SourceLocation(file: $0) }))], code: code)
    }
    public static func invalid(_ e: InputError) -> CLIFailure { CLIFailure(e.diagnostics, code: UpshiftExit.invalidInput) }
}
