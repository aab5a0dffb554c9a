import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The lab's side of a persistent ssh session (`UpshiftSSH.SessionProtocol`): instead of running
/// the bootstrap shell loop, `lab shell` recognises it and serves the same protocol natively,
/// running each framed command with `LabShell` exactly as a one-command session would, so a lab
/// host looks like a real one to the transport. One `commands.log` line per command.
struct LabSessionLoop {
    /// The bootstrap the transport sends, verbatim (a test checks it equals `SessionProtocol.bootstrap`).
    static let bootstrap = """
        : upshift-session-1; IFS= read -r _u_n || exit 0; \
        while IFS= read -r _u_k; do _u_c=; _u_i=0; \
        while [ "$_u_i" -lt "$_u_k" ]; do IFS= read -r _u_l || exit 0; \
        if [ "$_u_i" -gt 0 ]; then _u_c="$_u_c
        $_u_l"; else _u_c=$_u_l; fi; _u_i=$((_u_i + 1)); done; \
        (eval "unset _u_n _u_k _u_c _u_i _u_l _u_s; $_u_c") </dev/null; _u_s=$?; \
        printf '\\n%s:%d\\n' "$_u_n" "$_u_s"; printf '\\n%s:%d\\n' "$_u_n" "$_u_s" >&2; done
        """

    let directory: String
    let host: String
    /// The state read when the session started: its secrets are redacted from the log.
    let secrets: LabState
    let input: Int32
    let output: Int32
    let error: Int32

    /// Serves commands until stdin ends (or the client goes away). Returns the session's exit status.
    func serve() async -> Int32 {
        var reader = LineReader(fd: input)
        guard let nonce = reader.line() else { return 0 }
        let shell = LabShell(store: FileLabStore(directory: URL(fileURLWithPath: directory)))
        while let header = reader.line() {
            guard let count = Int(header), count >= 1 else { return 2 }
            var lines: [String] = []
            for _ in 0..<count {
                guard let l = reader.line() else { return 0 }
                lines.append(l)
            }
            let script = lines.joined(separator: "\n")
            let started = Date()
            let out = await shell.run(script, on: host, stdin: { [] })
            LabSSHEntry.log(directory: directory, started: started, host: host, status: out.exitStatus, command: script, secrets: secrets)
            let sentinel = Array("\n\(nonce):\(out.exitStatus)\n".utf8)
            guard Self.writeAll(output, out.stdout + sentinel), Self.writeAll(error, out.stderr + sentinel) else { return 0 }
        }
        return 0
    }

    /// Writes every byte; false when the client has gone.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
    }
}

/// Reads `\n`-terminated lines from a file descriptor (bytes, decoded as UTF-8 per line).
struct LineReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var eof = false
    init(fd: Int32) { self.fd = fd }

    /// The next line without its newline; nil at end of input (a final unterminated line is dropped:
    /// the protocol always terminates lines, so it can only be a client that died mid-write).
    mutating func line() -> String? {
        while true {
            if let nl = buffer.firstIndex(of: 10) {
                let l = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeFirst(nl + 1)
                return l
            }
            if eof { return nil }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { eof = true } else { buffer += chunk[0..<n] }
        }
    }
}
