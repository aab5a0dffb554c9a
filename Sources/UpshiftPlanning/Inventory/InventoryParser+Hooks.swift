import UpshiftModel
import Yams

extension InventoryParser {
    static let hookKeys: Set = ["before", "after", "each_batch", "host", "run", "file"]

    /// Reads `hooks:`: each entry names `before:` or `after:` a phase, the `host` it runs on (one of
    /// `hosts`) and `run:` (a command) or `file:` (a local executable file). Bad entries are reported
    /// and left out; the phase is checked against the plan (`HookPlacement`).
    static func readHooks(_ node: Node?, hosts: [Host], _ reader: inout NodeReader) -> [Hook]? {
        guard let node, node.null == nil else { return nil }
        guard let seq = node.sequence else { reader.error("inventory.wrong-type", "hooks must be a list", at: node); return nil }
        let names = Set(hosts.map(\.name))
        var out: [Hook] = []
        for (i, item) in seq.enumerated() {
            let what = "hooks[\(i)]"
            guard let map = reader.mapping(item, what: what) else { continue }
            let f = reader.checkedFields(map, known: hookKeys, what: what)
            let before = reader.string("before", in: f, what: what), after = reader.string("after", in: f, what: what)
            let run = reader.string("run", in: f, what: what), file = reader.string("file", in: f, what: what)
            let host = reader.string("host", in: f, what: what)
            var ok = true
            func fail(_ id: String, _ s: String, _ at: Node?, _ fix: String) { reader.error(id, s, at: at ?? item, fix: fix); ok = false }
            if (before == nil) == (after == nil) {
                fail("inventory.invalid-hook", "\(what) needs exactly one of before: PHASE or after: PHASE", item, "e.g. `before: computes-canary`")
            }
            if (run == nil) == (file == nil) || run?.isEmpty == true || file?.isEmpty == true {
                fail("inventory.invalid-hook", "\(what) needs exactly one of run: COMMAND or file: PATH", item, "run: a shell command on the host; file: a local executable script")
            }
            if host == nil { fail("inventory.invalid-hook", "\(what) has no host", item, "add `host: <an inventory host>` (where the command runs)") }
            else if let host, !names.contains(HostName(host)) {
                fail("inventory.hook-unknown-host", "\(what) runs on unknown host '\(host)'", f["host"], "name a host of `hosts:`")
            }
            var eachBatch = false
            if let b = reader.string("each_batch", in: f, what: what) {
                guard let v = ["true": true, "false": false][b] else { fail("inventory.wrong-type", "\(what).each_batch must be true or false", f["each_batch"], ""); continue }
                eachBatch = v
            }
            guard ok, let phase = before ?? after, let host else { continue }
            out.append(Hook(when: before != nil ? .before : .after, phase: PhaseID(phase), eachBatch: eachBatch, host: HostName(host),
                            run: run, file: file, location: reader.location(item)))
        }
        return out
    }
}
