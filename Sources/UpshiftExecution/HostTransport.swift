import UpshiftModel

/// How to reach one host: its inventory name and the address or ssh alias to dial.
public struct HostTarget: Sendable, Hashable {
    public var name: HostName
    public var address: String
    public var user: String?
    public init(name: HostName, address: String, user: String? = nil) {
        self.name = name; self.address = address; self.user = user
    }
    public init(_ host: Host) { self.init(name: host.name, address: host.address, user: host.user) }
}

/// A command for a remote POSIX shell. `script` is shell text in which every interpolated value
/// was already quoted with `ShellQuote.quote`; transports pass it through unchanged.
public struct RemoteCommand: Sendable, Hashable {
    public var script: String
    public var stdin: [UInt8]?
    public var timeout: Duration
    /// Output beyond this many bytes per stream is dropped (the result says so).
    public var outputLimit: Int
    public init(_ script: String, stdin: [UInt8]? = nil, timeout: Duration = .seconds(600), outputLimit: Int = 1 << 20) {
        self.script = script; self.stdin = stdin; self.timeout = timeout; self.outputLimit = outputLimit
    }
}

/// What a remote command did. A non-zero exit is a result, not an error.
public struct CommandResult: Sendable, Hashable {
    public var exitStatus: Int32
    /// Set when the remote command was killed by a signal (`TERM`, `KILL`).
    public var signal: String?
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var truncated: Bool
    public var duration: Duration
    public init(exitStatus: Int32, signal: String? = nil, stdout: [UInt8] = [], stderr: [UInt8] = [],
                truncated: Bool = false, duration: Duration = .zero) {
        self.exitStatus = exitStatus; self.signal = signal; self.stdout = stdout; self.stderr = stderr
        self.truncated = truncated; self.duration = duration
    }
    public var succeeded: Bool { exitStatus == 0 && signal == nil }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Why a command could not be run at all (as opposed to running and failing).
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case unreachable, authenticationFailed = "authentication-failed", hostKeyMismatch = "host-key-mismatch"
        /// The host's key is not in known_hosts (a host never connected to); upshift never adds it blindly.
        case hostKeyUnknown = "host-key-unknown"
        case timeout, connectionLost = "connection-lost", localFailure = "local-failure"
    }
    public var code: Code
    public var host: HostName
    public var message: String
    public init(_ code: Code, host: HostName, message: String) { self.code = code; self.host = host; self.message = message }
    public var description: String { "\(host): \(code.rawValue): \(message)" }
}

/// The seam through which every command reaches a host: OpenSSH for real clouds and the lab over
/// sshd, an in-process lab for fast tests.
public protocol HostTransport: Sendable {
    func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult
    /// Releases connections (ssh control masters). Idempotent.
    func shutdown() async
}

extension HostTransport {
    public func shutdown() async {}
}
