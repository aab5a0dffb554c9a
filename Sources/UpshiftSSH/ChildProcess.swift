import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A long-lived child process with pipes on stdin, stdout and stderr, spawned with posix_spawn
/// rather than Foundation's `Process`: Foundation reaps its children on one shared thread with a
/// blocking `waitpid` as soon as the child closes an inherited descriptor, and ssh closes it at
/// start, so a Foundation-spawned ssh that lives for minutes would stall the reaping of every other
/// `Process` (the per-command path) until it ends. This child is reaped by its own thread.
final class ChildProcess: @unchecked Sendable {
    // Invariant: `status` is written once by the reaper thread under `lock`; `pid` and the
    // descriptors never change after init. `kill` is only sent while `status` is nil, so a
    // reaped (and possibly reused) pid is never signalled.
    let pid: pid_t
    /// The parent's ends: write to `input`, read `output` and `error`.
    let input: Int32, output: Int32, error: Int32
    private let lock = NSCondition()
    private var status: Int32?
    private var killedBy: Int32?

    /// Spawns `path` with `arguments`; every other descriptor is closed in the child.
    init(_ path: String, _ arguments: [String]) throws(SessionStartError) {
        ignoreBrokenPipes()
        var fds: [Int32] = Array(repeating: -1, count: 6)
        for i in stride(from: 0, to: 6, by: 2) {
            let ok = fds.withUnsafeMutableBufferPointer { pipe($0.baseAddress! + i) } == 0
            if !ok { for fd in fds where fd >= 0 { close(fd) }; throw SessionStartError(message: "cannot create a pipe: \(String(cString: strerror(errno)))") }
        }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fds[3], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[5], 2)
        // Like POSIX_SPAWN_CLOEXEC_DEFAULT: a descriptor another thread opened without O_CLOEXEC
        // (Foundation's pipes and exit-watch sockets) must not live on in a long-lived ssh.
        for fd in Self.openDescriptors() where fd > 2 && !fds.contains(fd) { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults); sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // An empty signal mask: the spawning thread is usually a Swift concurrency or Dispatch worker,
        // which blocks nearly every signal, and a child inherits its mask: ssh would then hold a
        // SIGTERM pending for ever and only die of the SIGKILL sent 2 s later.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        // A process group of its own: a terminal's Ctrl-C (SIGINT to the foreground group) reaches
        // upshift only, which lets running commands finish (first Ctrl-C) or stops them itself
        // (second); ssh children opened before upshift ignored SIGINT (discovery) are spared too.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var child = pid_t()
        let rc = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        for i in [0, 3, 5] { close(fds[i]) }
        guard rc == 0 else {
            for i in [1, 2, 4] { close(fds[i]) }
            throw SessionStartError(message: "cannot run \(path): \(String(cString: strerror(rc)))")
        }
        pid = child; input = fds[1]; output = fds[2]; error = fds[4]
        Thread.detachNewThread { [self] in reap() }
    }

    /// The status recorded when the child was reaped by someone else and its end is unknown.
    static let unknownExit: Int32 = 255

    /// The exit status (128+N for a signal; `unknownExit` when it could not be read), once the child has ended.
    var exitStatus: Int32? { lock.lock(); defer { lock.unlock() }; return status }

    /// Waits up to `seconds` for the child to end; its status, or nil if it still runs.
    func wait(seconds: Double) -> Int32? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        lock.lock(); defer { lock.unlock() }
        while status == nil && lock.wait(until: deadline) {}
        return status
    }

    /// Waits as long as it takes for the child to end; its status.
    func waitForExit() -> Int32 {
        lock.lock(); defer { lock.unlock() }
        while status == nil { lock.wait() }
        return status!
    }

    /// The signal that ended the child, once it has ended by one.
    var terminatingSignal: Int32? { lock.lock(); defer { lock.unlock() }; return killedBy }

    /// SIGTERM now, SIGKILL after `grace` seconds if it has not ended (a reaped child is never signalled).
    func terminate(grace: Double = 2) {
        signal(SIGTERM)
        Thread.detachNewThread { [self] in if wait(seconds: grace) == nil { signal(SIGKILL) } }
    }

    /// Sends a signal unless the child was already reaped.
    func signal(_ s: Int32) {
        lock.lock(); defer { lock.unlock() }
        if status == nil { kill(pid, s) }
    }

    /// The descriptors open in this process now.
    static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    private func reap() {
        var raw: Int32 = 0
        var rc: pid_t
        repeat { rc = waitpid(pid, &raw, 0) } while rc < 0 && errno == EINTR
        guard rc == pid else {
            // Reaped elsewhere (ECHILD): how it ended is unknown, and unknown is never success.
            lock.lock(); status = Self.unknownExit; killedBy = nil; lock.broadcast(); lock.unlock()
            return
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (the macros are not imported).
        let signalled = (raw & 0x7f) != 0
        let code = signalled ? 128 + (raw & 0x7f) : (raw >> 8) & 0xff
        lock.lock(); status = code; killedBy = signalled ? raw & 0x7f : nil; lock.broadcast(); lock.unlock()
    }
}

/// Writing to the stdin of a child that has gone must fail with EPIPE, not kill upshift. (A free
/// function: inside `ChildProcess`, `signal` names its own method.)
private func ignoreBrokenPipes() { signal(SIGPIPE, SIG_IGN) }
