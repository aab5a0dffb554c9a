import UpshiftModel
import UpshiftPlanning

/// Why a config file could not be read, edited, written or verified on a host.
public struct ConfigEditFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case readFailed = "read-failed", writeFailed = "write-failed", verifyFailed = "verify-failed"
        case invalidFile = "invalid-file", invalidEdit = "invalid-edit", unreachable
    }
    public var code: Code
    public var host: HostName
    public var path: String
    /// What happened and what to do; never holds file contents or values.
    public var message: String
    /// Diagnostics with file:line when the file itself could not be parsed.
    public var diagnostics: [Diagnostic]
    /// For `.unreachable`: the transport's own error (connection lost, timeout, …).
    public var transportError: TransportError?
    public init(_ code: Code, host: HostName, path: String, message: String, diagnostics: [Diagnostic] = []) {
        self.code = code; self.host = host; self.path = path; self.message = message; self.diagnostics = diagnostics
    }
    public var description: String { "\(host):\(path): \(code.rawValue): \(message)" }
}

/// Whole-file reads and atomic writes on one host: the seam the config editor acts through.
/// Implementations: `TransportConfigFileAccess` (any `HostTransport`: SSH, the lab) and test fakes.
public protocol ConfigFileAccess: Sendable {
    /// The host the files are on (for messages and diagnostics).
    var host: HostName { get }
    /// The file's bytes.
    func read(_ path: String) async throws(ConfigEditFailure) -> [UInt8]
    /// Replaces the file atomically, first copying the original to `<path>.upshift-<stamp>` with its
    /// mode and owner. A symlink is written through (its target is replaced; the link stays); a
    /// dangling one is refused. On any failure the original is left as it was.
    func write(_ path: String, contents: [UInt8], stamp: String) async throws(ConfigEditFailure)
}

/// `ConfigFileAccess` over a `HostTransport`, using exactly the file protocol of docs/commands.md:
/// `cat <path>` to read; `umask 077 && readlink -ev -- <path> >/dev/null && cat > <path>.upshift-new &&
/// wc -c < … | grep -qx <bytes> && cp -p … && chmod/chown --reference … && readlink -ev -- <path> |
/// xargs -d '\n' mv -f -- <path>.upshift-new` with the content on stdin to write: a symlinked file is
/// replaced at its target and stays a link. Content never appears in a command line.
public struct TransportConfigFileAccess: ConfigFileAccess {
    public let transport: any HostTransport
    public let target: HostTarget
    public var host: HostName { target.name }
    /// Files larger than this are refused (a config file is never this big).
    public var sizeLimit: Int

    public init(transport: any HostTransport, target: HostTarget, sizeLimit: Int = 20 << 20) {
        self.transport = transport; self.target = target; self.sizeLimit = sizeLimit
    }

    public func read(_ path: String) async throws(ConfigEditFailure) -> [UInt8] {
        let result = try await run(RemoteCommand("cat " + ShellQuote.quote(path), outputLimit: sizeLimit), path: path)
        guard result.succeeded else {
            throw ConfigEditFailure(.readFailed, host: host, path: path, message: "cat failed (exit \(result.exitStatus)): \(Self.firstLine(result.stderrText))")
        }
        guard !result.truncated else {
            throw ConfigEditFailure(.readFailed, host: host, path: path, message: "file is larger than \(sizeLimit) bytes; not a config file Upshift will edit")
        }
        return result.stdout
    }

    public func write(_ path: String, contents: [UInt8], stamp: String) async throws(ConfigEditFailure) {
        let script = CommandRenderer.writeScript(path: path, stamp: stamp, size: String(contents.count))
        let result = try await run(RemoteCommand(script, stdin: contents), path: path)
        guard result.succeeded else {
            // The size check is the only step that fails silently: fewer bytes than sent reached the host.
            let first = Self.firstLine(result.stderrText)
            let why = result.stderrText.isEmpty ? "the host did not receive all \(contents.count) bytes"
                : first.hasPrefix("readlink:") ? "\(path) does not lead to an existing file (a dangling symlink?): \(first)" : first
            throw ConfigEditFailure(.writeFailed, host: host, path: path,
                                    message: "writing failed (exit \(result.exitStatus)): \(why); the original file is unchanged")
        }
    }

    func run(_ command: RemoteCommand, path: String) async throws(ConfigEditFailure) -> CommandResult {
        do { return try await transport.run(command, on: target) } catch {
            var failure = ConfigEditFailure(.unreachable, host: host, path: path, message: error.description)
            failure.transportError = error
            throw failure
        }
    }

    static func firstLine(_ text: String) -> String { String(text.scalarLines(omittingEmpty: true).first ?? "no message") }
}
