import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one command on a session came to.
enum SessionOutcome: Sendable {
    /// The command ran; its frames on stdout and stderr.
    case finished(stdout: FrameDecoder.Frame, stderr: FrameDecoder.Frame)
    /// No sentinel within the timeout; the session was killed.
    case timedOut
    /// The session ended (or could not start) before the sentinel: ssh's exit status and the stderr
    /// printed since the last command (where ssh writes its own errors).
    case died(status: Int32, stderr: [UInt8])
}

/// One long-lived `ssh HOST <bootstrap>` process and the remote shell behind it. Runs one command
/// at a time (the pool never hands a busy session out twice). Two reader threads feed the frame
/// decoders; the command's thread waits on the condition for both sentinels, EOF or its deadline.
final class SSHSession: @unchecked Sendable {
    // Invariant: the decoders, `eofCount`, `dead` and `inputClosed` are only touched with `condition`
    // locked; `child` is set in init; the input is written only by the one thread running a command
    // and closed once (under the lock).
    private let condition = NSCondition()
    private var stdoutDecoder: FrameDecoder
    private var stderrDecoder: FrameDecoder
    private var eofCount = 0
    private var dead = false
    private var inputClosed = false
    private let child: ChildProcess

    /// Starts ssh and sends the nonce line. Throws when ssh cannot be run; a failed connection shows
    /// up as `.died` on the first command.
    init(sshPath: String, arguments: [String], nonce: String = SessionProtocol.makeNonce()) throws(SessionStartError) {
        stdoutDecoder = FrameDecoder(nonce: nonce, limit: 1 << 20)
        stderrDecoder = FrameDecoder(nonce: nonce, limit: 1 << 20)
        child = try ChildProcess(sshPath, arguments)
        for (fd, isStdout) in [(child.output, true), (child.error, false)] {
            Thread.detachNewThread { [self] in self.pump(fd, isStdout: isStdout) }
        }
        _ = write(Array("\(nonce)\n".utf8))
    }

    /// Whether the session can take another command.
    var isAlive: Bool { condition.lock(); defer { condition.unlock() }; return !dead }

    /// Runs one script (blocking: call from a dedicated thread). Kills the session on timeout.
    func run(_ script: String, timeout: Duration, outputLimit: Int) -> SessionOutcome {
        condition.lock()
        stdoutDecoder.limit = outputLimit; stderrDecoder.limit = outputLimit
        let wasDead = dead
        condition.unlock()
        if wasDead || !write(SessionProtocol.frame(script)) { return died() }
        let seconds = min(1e7, max(0, Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18))
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        while true {
            if !stdoutDecoder.frames.isEmpty, !stderrDecoder.frames.isEmpty, let out = stdoutDecoder.take(), let err = stderrDecoder.take() {
                condition.unlock()
                return .finished(stdout: out, stderr: err)
            }
            if eofCount > 0 || stdoutDecoder.corrupt || stderrDecoder.corrupt { dead = true; condition.unlock(); return died() }
            if !condition.wait(until: deadline) && Date() >= deadline {
                dead = true
                condition.unlock()
                terminate()
                return .timedOut
            }
        }
    }

    /// Ends the session: closes its stdin (the remote loop exits), then kills ssh if it lingers.
    func close() {
        condition.lock(); dead = true; condition.unlock()
        closeInput()
        let c = child
        Thread.detachNewThread { if c.wait(seconds: 5) == nil { c.signal(SIGKILL) } }
    }

    /// SIGTERM now, SIGKILL after 2 s.
    func terminate() {
        child.terminate()
        closeInput()
    }

    private func closeInput() {
        condition.lock(); defer { condition.unlock() }
        if !inputClosed { inputClosed = true; systemClose(child.input) }
    }

    /// Waits (briefly) for ssh to exit and reports what it said.
    private func died() -> SessionOutcome {
        let deadline = Date(timeIntervalSinceNow: 5)
        condition.lock()
        dead = true
        while eofCount < 2 && condition.wait(until: deadline) {}
        let stderr = stderrDecoder.current
        let ended = eofCount == 2
        condition.unlock()
        if !ended { terminate() }
        closeInput()
        return .died(status: child.wait(seconds: 3) ?? 255, stderr: stderr)
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = systemWrite(child.input, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
    }

    /// Reader thread: feeds one stream to its decoder until EOF.
    private func pump(_ fd: Int32, isStdout: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            condition.lock()
            if n <= 0 {
                eofCount += 1
                dead = true
                if isStdout { stdoutDecoder.finish() } else { stderrDecoder.finish() }
            } else if isStdout {
                stdoutDecoder.feed(buffer[0..<n])
            } else {
                stderrDecoder.feed(buffer[0..<n])
            }
            condition.broadcast()
            condition.unlock()
            if n <= 0 { systemClose(fd); return }
        }
    }
}

/// ssh could not be started at all.
struct SessionStartError: Error {
    var message: String
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
private let systemClose = Glibc.close
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
private let systemClose = Darwin.close
#endif
