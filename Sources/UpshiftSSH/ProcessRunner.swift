import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a local child process did.
struct ProcessOutcome: Sendable {
    var status: Int32
    /// The signal that killed the local process (`TERM`, `KILL`), if any.
    var signal: String?
    var stdout: [UInt8]
    var stderr: [UInt8]
    var truncated: Bool
    var timedOut: Bool
    var launchError: String?
}

/// Runs a program with bytes on stdin, a timeout (SIGTERM, then SIGKILL after 2 s) and a cap on
/// how much of each output stream is kept. The rest is drained and dropped, so a host that prints
/// 100 MB costs memory for the cap only.
enum ProcessRunner {
    static func run(_ executable: String, _ arguments: [String], stdin: [UInt8], timeout: Duration, outputLimit: Int) async -> ProcessOutcome {
        // Blocking work runs on dedicated threads, never on GCD's bounded pool: with many commands in
        // flight, pool threads blocked in read() could starve the ones that would unblock them.
        // Cancellation (upshift's second Ctrl-C) stops the child like a timeout does (SIGTERM, SIGKILL after 2 s).
        let started = Started()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<ProcessOutcome, Never>) in
                Thread.detachNewThread {
                    cont.resume(returning: runBlocking(executable, arguments, stdin: stdin, timeout: timeout, outputLimit: outputLimit, started: started))
                }
            }
        } onCancel: { started.cancel() }
    }

    /// The running child, for cancellation: `cancel()` before the child exists stops it as soon as it starts.
    final class Started: @unchecked Sendable {
        // Invariant: `process` and `cancelled` are only accessed under `lock`.
        private let lock = NSLock()
        private var process: Process?
        private var cancelled = false

        /// Records the started child; false when it was cancelled meanwhile (then the caller stops it).
        func set(_ p: Process) -> Bool { lock.lock(); defer { lock.unlock() }; process = p; return !cancelled }

        func cancel() {
            lock.lock(); cancelled = true; let p = process; lock.unlock()
            if let p { ProcessRunner.stop(p) }
        }
    }

    /// SIGTERM, then SIGKILL after 2 s if it still runs.
    static func stop(_ p: Process) {
        guard p.isRunning else { return }
        let pid = p.processIdentifier
        kill(pid, SIGTERM)
        _ = Watchdog(seconds: 2) { if p.isRunning { kill(pid, SIGKILL) } }
    }

    /// Calls `fire` once `seconds` have passed unless `finish()` came first. It waits on a thread of
    /// its own, not on Dispatch's global queue: with many blocking calls in flight that queue can be
    /// starved, and a timeout or the SIGKILL after a SIGTERM would come late (seen: 20 s instead of 2).
    final class Watchdog: @unchecked Sendable {
        // Invariant: `done` is only accessed with `condition` locked.
        private let condition = NSCondition()
        private var done = false

        init(seconds: Double, fire: @escaping @Sendable () -> Void) {
            let deadline = Date(timeIntervalSinceNow: seconds)
            Thread.detachNewThread { [self] in
                condition.lock()
                while !done && condition.wait(until: deadline) {}
                let fired = !done
                done = true
                condition.unlock()
                if fired { fire() }
            }
        }

        /// The watched thing ended: `fire` will not be called (unless it already was).
        func finish() { condition.lock(); done = true; condition.broadcast(); condition.unlock() }
    }

    /// Collects a stream up to a limit. Only touched by its reader thread until the group is waited on.
    final class Sink: @unchecked Sendable {
        // Invariant: written by exactly one reader block; read only after `group.wait()` returns.
        var data: [UInt8] = []
        var dropped = false
    }

    static func runBlocking(_ executable: String, _ arguments: [String], stdin: [UInt8], timeout: Duration, outputLimit: Int,
                            started: Started? = nil) -> ProcessOutcome {
        // The child inherits this thread's signal mask (Foundation's Process does not reset it), and a
        // thread started from Swift's or Dispatch's workers blocks nearly every signal: ssh would hold
        // a SIGTERM pending for ever. This is a thread of our own, so it may unblock them all first.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe; p.standardOutput = outPipe; p.standardError = errPipe
        do { try p.run() } catch {
            return ProcessOutcome(status: 127, stdout: [], stderr: [], truncated: false, timedOut: false,
                                  launchError: "cannot run \(executable): \(error.localizedDescription)")
        }
        if let started, !started.set(p) { stop(p) }
        let group = DispatchGroup()
        let out = Sink(), err = Sink()
        for (pipe, sink) in [(outPipe, out), (errPipe, err)] {
            let fd = pipe.fileHandleForReading.fileDescriptor
            group.enter()
            Thread.detachNewThread { drain(fd, into: sink, limit: outputLimit); group.leave() }
        }
        Thread.detachNewThread {
            let fd = inPipe.fileHandleForWriting.fileDescriptor
            signal(SIGPIPE, SIG_IGN)
            stdin.withUnsafeBytes { buf in
                var offset = 0
                while offset < buf.count {
                    let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                    if n <= 0 { if errno == EINTR { continue }; break }
                    offset += n
                }
            }
            try? inPipe.fileHandleForWriting.close()
        }
        let timedOut = Flag()
        let seconds = min(1e7, max(0, Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18))
        let watchdog = Watchdog(seconds: seconds) {
            guard p.isRunning else { return }
            timedOut.set(); stop(p)
        }
        p.waitUntilExit()
        watchdog.finish()
        // A grandchild (a control master) could hold the pipes open; don't wait for it for long.
        if group.wait(timeout: .now() + 3) == .timedOut {
            try? outPipe.fileHandleForReading.close(); try? errPipe.fileHandleForReading.close()
            _ = group.wait(timeout: .now() + 1)
        }
        let signalled = p.terminationReason == .uncaughtSignal
        return ProcessOutcome(status: p.terminationStatus, signal: signalled ? signalName(p.terminationStatus) : nil,
                              stdout: out.data, stderr: err.data, truncated: out.dropped || err.dropped,
                              timedOut: timedOut.value, launchError: nil)
    }

    static func drain(_ fd: Int32, into sink: Sink, limit: Int) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            let room = max(0, limit - sink.data.count)
            if room > 0 { sink.data += buffer[0..<min(n, room)] }
            if n > room { sink.dropped = true }
        }
    }

    static func signalName(_ s: Int32) -> String {
        switch s {
        case SIGTERM: "TERM"
        case SIGKILL: "KILL"
        case SIGINT: "INT"
        case SIGHUP: "HUP"
        case SIGPIPE: "PIPE"
        default: "SIG\(s)"
        }
    }
}

/// A boolean set from one thread and read from another.
final class Flag: @unchecked Sendable {
    // Invariant: `flag` is only accessed under `lock`.
    private let lock = NSLock()
    private var flag = false
    func set() { lock.lock(); flag = true; lock.unlock() }
    var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
}
