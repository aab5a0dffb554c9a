import Foundation
import UpshiftModel
import UpshiftPlanning

/// Who holds the cloud lock: written as JSON in the lock directory's `info` file on the lock host.
public struct CloudLockHolder: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The run id in the holder's journal.
    public var run: RunID
    /// The control machine (its host name).
    public var machine: String
    /// The holder's state directory (absolute), i.e. which journal the run is in.
    public var state: String
    public var pid: Int32
    /// When the lock was taken (ISO 8601, UTC).
    public var since: String
    public init(run: RunID, machine: String, state: String, pid: Int32, since: String) {
        self.run = run; self.machine = machine; self.state = state; self.pid = pid; self.since = since
    }
    public var description: String { "run \(run) of \(state) on \(machine) (pid \(pid)), since \(since)" }
    /// The same journal on the same machine: its own lock already keeps two processes apart.
    func isSameJournal(as other: CloudLockHolder) -> Bool { machine == other.machine && state == other.state }
}

/// The cloud is locked by another upshift (exit 3).
public struct CloudLockRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A lock on the cloud itself, not on one state directory: a directory made atomically with `mkdir`
/// on the lock host (the first host of the pack's first role), holding an `info` file that says who
/// holds it. A second upshift from another state directory or machine refuses and names the holder;
/// `--break-lock` takes it over (the caller journals `lock-broken`). Held while the run is unfinished
/// (paused, failed, rolling back): the cloud is then between two states; released when the run
/// completes or is rolled back.
public struct CloudLock: Sendable {
    public static let directory = "/var/lib/upshift/cloud.lock"
    public var host: HostTarget
    public var transport: any HostTransport
    public var holder: CloudLockHolder
    public init(host: HostTarget, transport: any HostTransport, holder: CloudLockHolder) {
        self.host = host; self.transport = transport; self.holder = holder
    }

    /// How the lock was taken.
    public enum Taken: Sendable, Hashable {
        /// It was free.
        case free
        /// This journal already held it (an unfinished run, resumed).
        case ours
        /// `--break-lock` took it from this holder.
        case broken(CloudLockHolder)
    }

    /// Takes the lock for `run`, refusing (`CloudLockRefusal`) while another journal holds it unless `breakLock`.
    public func acquire(run: RunID, breakLock: Bool) async throws -> Taken {
        var me = holder
        me.run = run
        let info = ShellQuote.quote(Self.directory + "/info"), dir = ShellQuote.quote(Self.directory)
        let write = "echo \(ShellQuote.quote(try Self.json(me))) > \(info)"
        let take = try await remote("mkdir -p /var/lib/upshift && mkdir \(dir) 2>/dev/null && \(write)")
        if take.succeeded { return .free }
        let read = try await remote("cat \(info)")
        guard read.succeeded, let other = try? JSONDecoder().decode(CloudLockHolder.self, from: Data(read.stdout)) else {
            throw CloudLockRefusal(message: "the cloud is locked (\(Self.directory) exists on \(host.name)) but it does not say by whom: another upshift may be taking it now; if no upshift runs, take the lock over with --break-lock")
        }
        if !other.isSameJournal(as: me) && !breakLock {
            throw CloudLockRefusal(message: Self.lockedMessage(other, host: host.name))
        }
        guard try await remote(write).succeeded else {
            throw CloudLockRefusal(message: "cannot write \(Self.directory)/info on \(host.name)")
        }
        return other.isSameJournal(as: me) ? .ours : .broken(other)
    }

    /// Refuses, before anything else is done on the cloud (apply's host checks), when another
    /// journal holds the lock and `breakLock` is off. Reads only; `acquire` still takes it atomically.
    public func refuseIfHeld(breakLock: Bool) async throws {
        guard !breakLock else { return }
        let read = try await remote("test -e \(ShellQuote.quote(Self.directory + "/info")) && cat \(ShellQuote.quote(Self.directory + "/info"))")
        guard read.succeeded, let other = try? JSONDecoder().decode(CloudLockHolder.self, from: Data(read.stdout)), !other.isSameJournal(as: holder) else { return }
        throw CloudLockRefusal(message: Self.lockedMessage(other, host: host.name))
    }

    static func lockedMessage(_ other: CloudLockHolder, host: HostName) -> String {
        "the cloud is locked by \(other) (\(directory) on \(host)): wait for that run to complete or be rolled back; if it is gone for good, take the lock over with --break-lock"
    }

    /// Releases the lock if this journal holds it (a lock someone broke is theirs now).
    public func release() async {
        let info = ShellQuote.quote(Self.directory + "/info")
        guard let read = try? await remote("cat \(info)"), read.succeeded,
              let other = try? JSONDecoder().decode(CloudLockHolder.self, from: Data(read.stdout)), other.isSameJournal(as: holder) else { return }
        _ = try? await remote("rm -f \(info) && rmdir \(ShellQuote.quote(Self.directory))")
    }

    private func remote(_ script: String) async throws -> CommandResult {
        do { return try await transport.run(RemoteCommand(script, timeout: .seconds(60)), on: host) } catch {
            throw CloudLockRefusal(message: "cannot reach the lock host \(host.name) to take the cloud lock: \(error)")
        }
    }

    static func json(_ h: CloudLockHolder) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(h), as: UTF8.self)
    }
}
