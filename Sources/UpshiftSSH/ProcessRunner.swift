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
        // Invariant: `child` and `cancelled` are only accessed under `lock`.
        private let lock = NSLock()
        private var child: ChildProcess?
        private var cancelled = false

        /// Records the started child; false when it was cancelled meanwhile (then the caller stops it).
        func set(_ c: ChildProcess) -> Bool { lock.lock(); defer { lock.unlock() }; child = c; return !cancelled }

        func cancel() {
            lock.lock(); cancelled = true; let c = child; lock.unlock()
            c?.terminate()
        }
    }

    /// Collects a stream up to a limit, from its reader thread.
    final class Sink: @unchecked Sendable {
        // Invariant: `data` and `dropped` are only accessed under `lock`.
        private let lock = NSLock()
        private var data: [UInt8] = []
        private var dropped = false
        func append(_ bytes: ArraySlice<UInt8>, limit: Int) {
            lock.lock(); defer { lock.unlock() }
            let room = max(0, limit - data.count)
            if room > 0 { data += bytes.prefix(room) }
            if bytes.count > room { dropped = true }
        }
        var snapshot: (data: [UInt8], dropped: Bool) { lock.lock(); defer { lock.unlock() }; return (data, dropped) }
    }

    /// Spawns with `ChildProcess` (posix_spawn, a reaper thread of its own, no inherited descriptors,
    /// an empty signal mask) rather than Foundation's `Process`, whose children inherit the spawning
    /// thread's signal mask (a worker thread's blocks SIGTERM) and are reaped by one shared thread
    /// (see `ChildProcess`): the per-command path and the sessions now start ssh the same way.
    static func runBlocking(_ executable: String, _ arguments: [String], stdin: [UInt8], timeout: Duration, outputLimit: Int,
                            started: Started? = nil) -> ProcessOutcome {
        let child: ChildProcess
        do { child = try ChildProcess(executable, arguments) } catch {
            return ProcessOutcome(status: 127, stdout: [], stderr: [], truncated: false, timedOut: false,
                                  launchError: "cannot run \(executable): \(error.message)")
        }
        if let started, !started.set(child) { child.terminate() }
        let group = DispatchGroup()
        let out = Sink(), err = Sink()
        for (fd, sink) in [(child.output, out), (child.error, err)] {
            group.enter()
            Thread.detachNewThread { drain(fd, into: sink, limit: outputLimit); close(fd); group.leave() }
        }
        let input = child.input
        Thread.detachNewThread {
            stdin.withUnsafeBytes { buf in
                var offset = 0
                while offset < buf.count {
                    let n = write(input, buf.baseAddress! + offset, buf.count - offset)
                    if n <= 0 { if errno == EINTR { continue }; break }
                    offset += n
                }
            }
            close(input)
        }
        let timedOut = Flag()
        let seconds = min(1e7, max(0, Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18))
        // The timeout is waited for on this thread (not on Dispatch's global queue, which blocking
        // calls in flight can starve): SIGTERM, then SIGKILL 2 s later.
        if child.wait(seconds: seconds) == nil { timedOut.set(); child.terminate() }
        let status = child.waitForExit()
        // A grandchild could hold the pipes open; don't wait for it for long (what was read so far is kept).
        _ = group.wait(timeout: .now() + 3)
        let (o, e) = (out.snapshot, err.snapshot)
        let killedBy = child.terminatingSignal
        // As Foundation reported it: a signal's number as the status, with its name.
        return ProcessOutcome(status: killedBy ?? status, signal: killedBy.map(signalName),
                              stdout: o.data, stderr: e.data, truncated: o.dropped || e.dropped,
                              timedOut: timedOut.value, launchError: nil)
    }

    static func drain(_ fd: Int32, into sink: Sink, limit: Int) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            sink.append(buffer[0..<n], limit: limit)
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
