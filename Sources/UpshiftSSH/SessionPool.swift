/// The open sessions of one transport: idle ones by host, in order of last use. At most `limit`
/// sessions are open; opening one more first closes the least recently used idle session (of any
/// host). Sessions in use are never closed here, so when all are busy the pool goes over the limit
/// (the transport's gate keeps commands in flight at or under its parallel limit).
actor SessionPool {
    private struct Entry {
        var key: String
        var session: SSHSession
    }
    private let limit: Int
    /// Idle sessions, least recently used first.
    private var idle: [Entry] = []
    private var open = 0

    init(limit: Int) { self.limit = max(1, limit) }

    /// An idle live session to `key`, if any (dead ones found on the way are dropped).
    func checkout(_ key: String) -> SSHSession? {
        while let i = idle.lastIndex(where: { $0.key == key }) {
            let s = idle.remove(at: i).session
            if s.isAlive { return s }
            s.close()
            open -= 1
        }
        return nil
    }

    /// Counts a session about to be opened; returns the idle session that must be closed to make room.
    func admit() -> SSHSession? {
        open += 1
        guard open > limit, !idle.isEmpty else { return nil }
        open -= 1
        return idle.removeFirst().session
    }

    /// Gives a session back after a command; a dead one is forgotten.
    func checkin(_ session: SSHSession, key: String) {
        if session.isAlive { idle.append(Entry(key: key, session: session)) } else { session.close(); open -= 1 }
    }

    /// Forgets a session that could not be started.
    func forget() { open -= 1 }

    /// Removes and returns every idle session (for shutdown).
    func drain() -> [SSHSession] {
        let all = idle.map(\.session)
        open -= all.count
        idle = []
        return all
    }

    /// How many sessions are open (idle or in use).
    var openCount: Int { open }
}
