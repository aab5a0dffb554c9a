import UpshiftExecution
import UpshiftModel

/// A transport whose hosts answer from a script: `respond(host, command)` returns a result or
/// throws a transport error. Records every command so tests can check what was asked.
actor ScriptedTransport: HostTransport {
    typealias Responder = @Sendable (HostName, String) throws(TransportError) -> CommandResult
    private let respond: Responder
    private(set) var log: [(HostName, String)] = []
    private var running = 0
    /// The most commands that were in flight at once.
    private(set) var peakConcurrency = 0

    init(_ respond: @escaping Responder) { self.respond = respond }

    func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
        log.append((host.name, command.script))
        running += 1
        peakConcurrency = max(peakConcurrency, running)
        await Task.yield()
        running -= 1
        return try respond(host.name, command.script)
    }

    func commands(on host: HostName) -> [String] { log.filter { $0.0 == host }.map(\.1) }
}

extension CommandResult {
    static func ok(_ out: String) -> CommandResult { CommandResult(exitStatus: 0, stdout: Array(out.utf8)) }
    static func fail(_ status: Int32, _ err: String = "") -> CommandResult { CommandResult(exitStatus: status, stderr: Array(err.utf8)) }
}
