import UpshiftModel

/// The wire protocol of a persistent ssh session: one remote POSIX shell per session reads framed
/// commands from stdin and answers each with its output followed by a sentinel line.
///
/// Client to host: first a line holding the session's nonce, then for each command a line with the
/// number N of lines in the script, then those N lines (the script split at `\n`; the host joins
/// them with `\n`, so the script arrives byte for byte). The host runs the script with `eval` in a
/// subshell with stdin from /dev/null, so `exit`, a syntax error or a `read` cannot end or desync
/// the session, and the session's variables (the nonce among them) are unset before it runs.
///
/// Host to client, on stdout AND on stderr: the command's bytes, then `\n<nonce>:<status>\n`. The
/// client strips exactly that sentinel, so output without a final newline comes back exact. The
/// nonce is 128 random bits from the system CSPRNG, new for every session; a command cannot print it
/// by accident and cannot read it.
public enum SessionProtocol {
    /// The remote command of a session (the lab recognises it verbatim: keep `LabSessionLoop` in step).
    /// It only uses POSIX sh: `read -r`, `eval`, `printf`, `$((…))`, `[`.
    public static let bootstrap = """
        : upshift-session-1; IFS= read -r _u_n || exit 0; \
        while IFS= read -r _u_k; do _u_c=; _u_i=0; \
        while [ "$_u_i" -lt "$_u_k" ]; do IFS= read -r _u_l || exit 0; \
        if [ "$_u_i" -gt 0 ]; then _u_c="$_u_c
        $_u_l"; else _u_c=$_u_l; fi; _u_i=$((_u_i + 1)); done; \
        (eval "unset _u_n _u_k _u_c _u_i _u_l _u_s; $_u_c") </dev/null; _u_s=$?; \
        printf '\\n%s:%d\\n' "$_u_n" "$_u_s"; printf '\\n%s:%d\\n' "$_u_n" "$_u_s" >&2; done
        """

    /// A fresh nonce: 32 hex digits from `SystemRandomNumberGenerator` (getrandom(2) / arc4random).
    public static func makeNonce() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let s = String(rng.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }.joined()
    }

    /// Why `script` cannot be sent, or nil. A carriage return is refused: the session counts lines
    /// in LF bytes as the remote `read` does, but a CR is invisible in logs and terminals and no
    /// rendered command needs one (per-command ssh refuses it too, so both modes run the same scripts).
    public static func refusal(of script: String) -> String? {
        guard script.utf8.contains(13) else { return nil }
        return "the command holds a carriage return (\\r); upshift sends no CR to a host (was the pack or plan saved with CRLF line endings?)"
    }

    /// The bytes that send `script` to the host: its line count in LF bytes (what the host's
    /// `read` counts; a Swift Character count would take "\r\n" for one), then the script.
    public static func frame(_ script: String) -> [UInt8] {
        Array("\(script.lineFeedCount + 1)\n\(script)\n".utf8)
    }

    /// The sentinel that ends a command's output on each stream.
    public static func sentinel(nonce: String, status: Int32) -> [UInt8] { Array("\n\(nonce):\(status)\n".utf8) }
}

/// Splits one output stream of a session into per-command frames. Pure and incremental: bytes may
/// arrive in any chunking. Output past `limit` bytes per frame is dropped (and flagged) but still
/// scanned for the sentinel, so a huge output costs memory for the cap only.
struct FrameDecoder: Sendable {
    /// One command's bytes on this stream.
    struct Frame: Sendable, Equatable {
        var bytes: [UInt8]
        var truncated: Bool
        var status: Int32
    }

    /// `\n<nonce>:`.
    let marker: [UInt8]
    /// Bytes kept per frame; set before each command.
    var limit: Int
    /// Frames completed and not yet taken.
    private(set) var frames: [Frame] = []
    /// Bytes of the frame in progress (what a dying session printed last).
    private(set) var current: [UInt8] = []
    private var currentTruncated = false
    /// Bytes not yet known to be output: they may start a sentinel.
    private var pending: [UInt8] = []
    /// Set when a sentinel's status is not a number: the stream can no longer be trusted.
    private(set) var corrupt = false

    init(nonce: String, limit: Int) {
        marker = Array("\n\(nonce):".utf8)
        self.limit = limit
    }

    /// Takes the oldest completed frame.
    mutating func take() -> Frame? { frames.isEmpty ? nil : frames.removeFirst() }

    /// Consumes bytes read from the stream.
    mutating func feed(_ chunk: some Collection<UInt8>) {
        pending.append(contentsOf: chunk)
        while !corrupt {
            guard let at = Self.find(marker, in: pending) else {
                let keep = min(pending.count, marker.count - 1)
                emit(pending[..<(pending.count - keep)])
                pending.removeFirst(pending.count - keep)
                return
            }
            emit(pending[..<at])
            let statusStart = at + marker.count
            guard let newline = pending[statusStart...].firstIndex(of: 10) else {
                pending.removeFirst(at)
                if pending.count > marker.count + 12 { corrupt = true }
                return
            }
            guard let status = Int32(String(decoding: pending[statusStart..<newline], as: UTF8.self)) else { corrupt = true; return }
            frames.append(Frame(bytes: current, truncated: currentTruncated, status: status))
            current = []; currentTruncated = false
            pending.removeFirst(newline + 1)
        }
    }

    /// The stream ended: bytes held back as a possible sentinel start are output after all.
    mutating func finish() {
        emit(pending[...])
        pending = []
    }

    private mutating func emit(_ bytes: ArraySlice<UInt8>) {
        let room = max(0, limit - current.count)
        if room > 0 { current.append(contentsOf: bytes.prefix(room)) }
        if bytes.count > room { currentTruncated = true }
    }

    /// The first index of `needle` in `haystack` (needle starts with a newline, so candidates are few).
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
