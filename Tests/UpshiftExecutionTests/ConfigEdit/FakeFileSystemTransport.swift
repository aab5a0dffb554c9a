import Foundation
import Synchronization
import UpshiftExecution
import UpshiftModel

/// A `HostTransport` that emulates a tiny filesystem on one host and understands exactly the
/// commands of the config file protocol (docs/commands.md): `cat P`, and the `&&` chain of
/// `umask`, `readlink -ev -- P >/dev/null`, `cat > P`, `wc -c < P | grep -qx N`, `cp -p`, `chmod --reference`,
/// `chown --reference`, `readlink -ev -- P | xargs -d '\n' mv -f -- NEW` (no links here: P is its own target). It records
/// every command. Faults: a command word that fails, and a "corrupting disk" that writes other bytes.
final class FakeFileSystemTransport: HostTransport {
    struct State {
        var files: [String: [UInt8]] = [:]
        var commands: [RemoteCommand] = []
        var failing: String?
        var corruptWrites = false
        /// Bytes of stdin that reach the host (an upshift that died mid-write); nil: all.
        var deliveredBytes: Int?
    }
    // Mutex-protected state: every access goes through `state.withLock`.
    let state: Mutex<State>
    init(files: [String: [UInt8]]) { state = Mutex(State(files: files)) }

    var files: [String: [UInt8]] { state.withLock { $0.files } }
    var commands: [RemoteCommand] { state.withLock { $0.commands } }
    func fail(on word: String) { state.withLock { $0.failing = word } }
    func corruptWrites() { state.withLock { $0.corruptWrites = true } }
    func deliverOnly(_ bytes: Int) { state.withLock { $0.deliveredBytes = bytes } }

    func run(_ command: RemoteCommand, on host: HostTarget) async throws(TransportError) -> CommandResult {
        state.withLock { s in
            s.commands.append(command)
            for simple in command.script.components(separatedBy: " && ") {
                let words = Self.words(simple)
                if let failing = s.failing, simple.hasPrefix(failing) || simple.contains(" | " + failing) {
                    return CommandResult(exitStatus: 1, stderr: Array("\(words[0]): simulated failure\n".utf8))
                }
                switch (words.first ?? "", words.count) {
                case ("umask", 2): continue
                case ("cat", 2):
                    guard let data = s.files[words[1]] else {
                        return CommandResult(exitStatus: 1, stderr: Array("cat: \(words[1]): No such file or directory\n".utf8))
                    }
                    return CommandResult(exitStatus: 0, stdout: data)
                case ("cat", 3) where words[1] == ">":
                    // A corrupting disk: as many bytes as sent (the size check passes), other ones (the re-read catches it).
                    let sent = Array((command.stdin ?? []).prefix(s.deliveredBytes ?? Int.max))
                    s.files[words[2]] = s.corruptWrites ? Array(repeating: UInt8(ascii: "#"), count: sent.count) : sent
                case ("wc", 8) where words[1] == "-c" && words[2] == "<" && words[4] == "|" && words[5] == "grep" && words[6] == "-qx":
                    guard let data = s.files[words[3]], String(data.count) == words[7] else { return CommandResult(exitStatus: 1) }
                case ("cp", 4) where words[1] == "-p":
                    guard let data = s.files[words[2]] else { return CommandResult(exitStatus: 1) }
                    s.files[words[3]] = data
                case ("chmod", 3), ("chown", 3):
                    guard words[1].hasPrefix("--reference="), s.files[words[2]] != nil else { return CommandResult(exitStatus: 1) }
                case ("readlink", 5) where words[1] == "-ev" && words[4] == ">/dev/null":
                    guard s.files[words[3]] != nil else { return CommandResult(exitStatus: 1, stderr: Array("readlink: \(words[3]): No such file or directory\n".utf8)) }
                case ("readlink", 12) where words[1] == "-ev" && words[4...10] == ["|", "xargs", "-d", "\\n", "mv", "-f", "--"]:
                    guard s.files[words[3]] != nil, let data = s.files.removeValue(forKey: words[11]) else { return CommandResult(exitStatus: 123) }
                    s.files[words[3]] = data
                default:
                    return CommandResult(exitStatus: 127, stderr: Array("sh: \(words.first ?? ""): command not found\n".utf8))
                }
            }
            return CommandResult(exitStatus: 0)
        }
    }

    /// POSIX word splitting with single quotes and backslash escapes (what ShellQuote.quote produces).
    static func words(_ text: String) -> [String] {
        var out: [String] = [], current = "", inQuote = false, started = false, escaped = false
        for ch in text {
            if inQuote { if ch == "'" { inQuote = false } else { current.append(ch) }; continue }
            if escaped { current.append(ch); escaped = false; continue }
            switch ch {
            case "\\": escaped = true; started = true
            case "'": inQuote = true; started = true
            case " ": if started { out.append(current); current = ""; started = false }
            default: current.append(ch); started = true
            }
        }
        if started { out.append(current) }
        return out
    }
}
