import UpshiftModel

/// Evaluates a pack's rules over a `CloudState` incrementally: it keeps, per daemon instance, which
/// selectors match and, per selector, how many instances match, so a step touching k hosts costs
/// O(k) instead of O(cloud). This is what keeps checking a 10,000-host plan under a second.
struct RuleEvaluator {
    indirect enum Compiled {
        case all([Compiled]), any([Compiled]), not(Compiled)
        case some(Int), none(Int)
        case database(DatabaseSelector)
        case setting(String)
        case method([PlanMethod])
        case hostsDiffer([String])
    }

    struct CompiledRule {
        var subject: Int?
        var subjectDatabase: DatabaseSelector?
        var when: Compiled?
    }

    private(set) var selectors: [DaemonSelector] = []
    private var ids: [DaemonSelector: Int] = [:]
    private(set) var rules: [CompiledRule] = []
    private var counts: [Int] = []
    /// matches[h][d * selectors.count + s]
    private var matches: [[Bool]] = []
    /// Per daemon name, the selectors whose name/service/except fields can match it at all.
    private var candidates: [DaemonName: [Int]] = [:]
    /// Host shapes seen so far, numbered; the hosts of a batch share one shape, so a 200-host step
    /// evaluates the selectors once, not 200 times.
    private var shapeIDs: [HostShape: Int] = [:]
    /// Per shape id, its match vector (nil until computed, and again after a cloud-wide change).
    private var shapeVectors: [[Bool]?] = []
    /// Per host, the id of its current shape.
    private var hostShape: [Int] = []
    /// `step << 32 | shape before` → shape after: a step does the same to every host of one shape,
    /// so only the first host of each shape in a step is hashed and compared.
    private var transitions: [Int: Int] = [:]
    let method: PlanMethod

    init(subjects: [(DaemonSelector?, DatabaseSelector?, Condition?)], method: PlanMethod, state: CloudState) {
        self.method = method
        for (s, db, w) in subjects {
            let sid = s.map { intern($0) }
            let cw = w.map { compile($0) }
            rules.append(CompiledRule(subject: sid, subjectDatabase: db, when: cw))
        }
        counts = Array(repeating: 0, count: selectors.count)
        matches = Array(repeating: [], count: state.hosts.count)
        for h in state.hosts.indices { refresh(host: h, state: state) }
    }

    private mutating func intern(_ s: DaemonSelector) -> Int {
        if let id = ids[s] { return id }
        selectors.append(s); ids[s] = selectors.count - 1
        return selectors.count - 1
    }

    private mutating func compile(_ c: Condition) -> Compiled {
        switch c {
        case .all(let cs): return .all(cs.map { compile($0) })
        case .any(let cs): return .any(cs.map { compile($0) })
        case .not(let x): return .not(compile(x))
        case .some(let s): return .some(intern(s))
        case .none(let s): return .none(intern(s))
        case .database(let d): return .database(d)
        case .setting(let s): return .setting(s)
        case .method(let m): return .method(m)
        case .hostsDiffer(let f): return .hostsDiffer(f)
        }
    }

    /// Recomputes the matches of every daemon on host `h` and adjusts the counts.
    mutating func refresh(host h: Int, state: CloudState) {
        assign(host: h, shape: shapeID(of: state.hosts[h]), state: state)
    }

    /// `refresh(host:state:)` after step number `step` changed host `h`.
    mutating func refresh(host h: Int, step: Int, state: CloudState) {
        guard h < hostShape.count else { return refresh(host: h, state: state) }
        let key = step << 32 | hostShape[h]
        if let to = transitions[key] { return assign(host: h, shape: to, state: state) }
        let to = shapeID(of: state.hosts[h])
        transitions[key] = to
        assign(host: h, shape: to, state: state)
    }

    private mutating func shapeID(of host: HostState) -> Int {
        let shape = HostShape(host)
        if let id = shapeIDs[shape] { return id }
        shapeIDs[shape] = shapeVectors.count
        shapeVectors.append(nil)
        return shapeVectors.count - 1
    }

    private mutating func assign(host h: Int, shape id: Int, state: CloudState) {
        let n = selectors.count
        let fresh: [Bool]
        if let known = shapeVectors[id] { fresh = known } else {
            fresh = evaluate(state.hosts[h], state: state)
            shapeVectors[id] = fresh
        }
        if hostShape.count <= h { hostShape += Array(repeating: -1, count: h + 1 - hostShape.count) }
        hostShape[h] = id
        let old = matches[h]
        if old == fresh { return }
        for (i, m) in old.enumerated() where m { counts[i % n] -= 1 }
        for (i, m) in fresh.enumerated() where m { counts[i % n] += 1 }
        matches[h] = fresh
    }

    /// Which selectors match each daemon of `host`: `[d * selectors.count + s]`.
    private mutating func evaluate(_ host: HostState, state: CloudState) -> [Bool] {
        let n = selectors.count
        var fresh = Array(repeating: false, count: host.daemons.count * n)
        let cands = host.daemons.map { candidateSelectors($0) }
        // Borrow the selectors through a buffer: copying a selector out of the array retains every
        // optional array it holds, which dominated the check of a 10,000-host plan.
        selectors.withUnsafeBufferPointer { sel in
            for (di, d) in host.daemons.enumerated() {
                for si in cands[di] where Matching.matches(sel[si], daemon: d, host: host, state: state) {
                    fresh[di * n + si] = true
                }
            }
        }
        return fresh
    }

    /// Selectors that could match a daemon by its name and service (cached): most name specific daemons,
    /// so a compute's agents are tested against a handful of selectors, not all of them.
    private mutating func candidateSelectors(_ d: DaemonState) -> [Int] {
        if let c = candidates[d.name] { return c }
        let c = selectors.indices.filter { i in
            let s = selectors[i]
            if let names = s.daemons, !names.contains(d.name) { return false }
            if let services = s.services, !services.contains(d.service) { return false }
            if let except = s.except, except.contains(d.name) { return false }
            return true
        }
        candidates[d.name] = c
        return c
    }

    /// Re-evaluates every host after a change outside the hosts (a schema): shapes stay, their
    /// match vectors are computed again.
    mutating func refreshAll(state: CloudState) {
        if matches.count != state.hosts.count { matches = Array(repeating: [], count: state.hosts.count) }
        for i in shapeVectors.indices { shapeVectors[i] = nil }
        for h in state.hosts.indices {
            if h < hostShape.count, hostShape[h] >= 0 { assign(host: h, shape: hostShape[h], state: state) } else { refresh(host: h, state: state) }
        }
    }

    func holds(_ c: Compiled, _ state: CloudState) -> Bool {
        switch c {
        case .all(let cs): return cs.allSatisfy { holds($0, state) }
        case .any(let cs): return cs.contains { holds($0, state) }
        case .not(let x): return !holds(x, state)
        case .some(let s): return counts[s] > 0
        case .none(let s): return counts[s] == 0
        case .database(let d): return state.databases.contains { Matching.matches(d, $0) }
        case .setting(let s): return Matching.settingHolds(s, in: state.settings)
        case .method(let ms): return ms.contains(method)
        case .hostsDiffer(let fields):
            return fields.contains { f in
                let values = Set(state.hosts.map { f == "os" ? $0.os : $0.release.rawValue })
                return values.count > 1
            }
        }
    }

    /// Indexes of the rules broken in `state`.
    func broken(_ state: CloudState) -> [Int] {
        rules.indices.filter { i in
            let r = rules[i]
            if let s = r.subject, counts[s] == 0 { return false }
            if let d = r.subjectDatabase, !state.databases.contains(where: { Matching.matches(d, $0) }) { return false }
            if let w = r.when, !holds(w, state) { return false }
            return true
        }
    }

    /// Hosts whose daemons match rule `i`'s subject (empty for database or cloud-wide rules).
    func subjectHosts(rule i: Int, state: CloudState) -> [HostName] {
        guard let s = rules[i].subject else { return [] }
        let n = selectors.count
        return state.hosts.indices.filter { h in
            matches[h].indices.contains { $0 % n == s && matches[h][$0] }
        }.map { state.hosts[$0].name }
    }

    /// Databases matching rule `i`'s database subject.
    func subjectDatabases(rule i: Int, state: CloudState) -> [DatabaseName] {
        guard let d = rules[i].subjectDatabase else { return [] }
        return state.databases.filter { Matching.matches(d, $0) }.map(\.name)
    }
}
