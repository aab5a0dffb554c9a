import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lab failure of the machinery itself (not of an emulated command): a missing lab, a bad file.
public struct LabError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Where the lab's cloud lives. Each update is one short critical section over the whole state.
public protocol LabStore: Sendable {
    /// The current state.
    func read() throws(LabError) -> LabState
    /// Reads, lets `body` change the state, and writes it back, atomically with respect to other updates.
    func update<T>(_ body: (inout LabState) throws(LabError) -> T) throws(LabError) -> T
}

/// An in-memory store for unit tests: thousands of scenarios without files or sshd.
public final class InMemoryLabStore: LabStore, @unchecked Sendable {
    // Invariant: `state` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var state: LabState
    /// Starts from a state (usually `LabBuilder.makeState`).
    public init(_ state: LabState) { self.state = state }
    public func read() throws(LabError) -> LabState { lock.lock(); defer { lock.unlock() }; return state }
    public func update<T>(_ body: (inout LabState) throws(LabError) -> T) throws(LabError) -> T {
        lock.lock(); defer { lock.unlock() }
        var copy = state
        let result = try body(&copy)
        state = copy
        return result
    }
}

/// The durable store: `DIR/state.json`, replaced atomically (write + rename) under an exclusive
/// `flock` on `DIR/state.lock`.
///
/// Why a JSON file and not SQLite: the cloud is one small document (tens of KB) that every command
/// reads whole and most commands change in several places; one lock + one atomic rename gives
/// separate `lab shell` processes (one per ssh command) and a killed-then-resumed Upshift the same
/// all-or-nothing view without a schema, and a human can read the lab's state with `jq`.
public struct FileLabStore: LabStore {
    public let directory: URL
    /// A store over `directory` (which must hold a state created by `create`).
    public init(directory: URL) { self.directory = directory }

    var stateURL: URL { directory.appendingPathComponent("state.json") }
    var lockPath: String { directory.appendingPathComponent("state.lock").path }

    /// Writes an initial state (creating the directory).
    public func create(_ state: LabState) throws(LabError) {
        try PrivateDirectory.ensure(directory.path)
        try withLock { () throws(LabError) in try write(state) }
    }

    public func read() throws(LabError) -> LabState { try withLock(shared: true) { () throws(LabError) in try load() } }

    public func update<T>(_ body: (inout LabState) throws(LabError) -> T) throws(LabError) -> T {
        try withLock { () throws(LabError) -> T in
            var state = try load()
            let before = state
            let result = try body(&state)
            if state != before { try write(state) }
            return result
        }
    }

    private func load() throws(LabError) -> LabState {
        let data: Data
        do { data = try Data(contentsOf: stateURL) } catch {
            throw LabError("no lab in \(directory.path) (state.json missing); run `upshift lab up --dir \(directory.path)`")
        }
        if let known = DecodedStates.shared.state(for: stateURL.path, bytes: data) { return known }
        do {
            let state = try JSONDecoder().decode(LabState.self, from: data)
            DecodedStates.shared.remember(state, for: stateURL.path, bytes: data)
            return state
        } catch {
            throw LabError("\(stateURL.path): unreadable lab state: \(error)")
        }
    }

    private func write(_ state: LabState) throws(LabError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let data = try encoder.encode(state)
            try data.write(to: stateURL, options: .atomic)
            DecodedStates.shared.remember(state, for: stateURL.path, bytes: data)
        } catch {
            throw LabError("\(stateURL.path): cannot write the lab state: \(error.localizedDescription)")
        }
    }

    /// Readers share the lock (the file is replaced by rename, so a reader sees one whole version).
    private func withLock<T>(shared: Bool = false, _ body: () throws(LabError) -> T) throws(LabError) -> T {
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw LabError("no lab in \(directory.path); run `upshift lab up --dir \(directory.path)` first")
        }
        let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LabError("cannot open \(lockPath): errno \(errno)") }
        defer { close(fd) }
        while flock(fd, shared ? LOCK_SH : LOCK_EX) != 0 {
            if errno != EINTR { throw LabError("cannot lock \(lockPath): errno \(errno)") }
        }
        defer { _ = flock(fd, LOCK_UN) }
        return try body()
    }
}

/// The last state this process read or wrote per state file, with its exact bytes: a load whose
/// file holds the same bytes skips the JSON decoding (most of a lab command's CPU: a session's
/// `service a stop && service b stop …` reloads the state it has just written). Keyed by the bytes,
/// not by mtime or inode, so a write by another process is always seen. A few files at most.
final class DecodedStates: @unchecked Sendable {
    static let shared = DecodedStates()
    // Invariant: `entries` is only touched with `lock` held.
    private let lock = NSLock()
    private var entries: [(path: String, bytes: Data, state: LabState)] = []
    private let capacity = 4

    func state(for path: String, bytes: Data) -> LabState? {
        lock.lock(); defer { lock.unlock() }
        guard let e = entries.first(where: { $0.path == path }), e.bytes == bytes else { return nil }
        return e.state
    }

    func remember(_ state: LabState, for path: String, bytes: Data) {
        lock.lock(); defer { lock.unlock() }
        entries.removeAll { $0.path == path }
        entries.append((path, bytes, state))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
    }
}
