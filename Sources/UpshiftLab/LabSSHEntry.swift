import Foundation

/// The entry point behind sshd's `ForceCommand ... lab shell --dir DIR`: which host the connection
/// reached (the server address in `SSH_CONNECTION`) and what to run (`SSH_ORIGINAL_COMMAND`).
public enum LabSSHEntry {
    /// Runs the forced command for one ssh session. The caller writes the output; nothing prints here.
    public static func run(directory: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                           stdin: @escaping @Sendable () -> [UInt8]) async -> LabOutput {
        let store = FileLabStore(directory: URL(fileURLWithPath: directory))
        guard let command = environment["SSH_ORIGINAL_COMMAND"] else {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: interactive shells are not emulated; pass a command\n".utf8))
        }
        let fields = (environment["SSH_CONNECTION"] ?? "").split(separator: " ").map(String.init)
        guard fields.count >= 3 else {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: SSH_CONNECTION is not set; run through sshd\n".utf8))
        }
        let state: LabState
        do { state = try store.read() } catch {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: \(error)\n".utf8))
        }
        guard let i = state.hostIndex(address: fields[2]) else {
            return LabOutput(exitStatus: 1, stdout: [], stderr: Array("lab: no lab host has address \(fields[2])\n".utf8))
        }
        return await LabShell(store: store).run(command, on: state.hosts[i].name, stdin: stdin)
    }
}
