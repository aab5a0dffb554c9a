import UpshiftModel
import UpshiftPlanning

/// The format-1 sections as format-2 data, and the skeleton procedure fitted to the pack.
extension PackConverter {
    /// The daemons the format-1 skeleton named as the VIF-event waiter and sender.
    static let skeletonWaiter: DaemonName = "openstack-nova-compute"
    static let skeletonSender: DaemonName = "neutron-server"

    static func optionSets(_ old: Format1Sections) -> [String: OptionSetSpec] {
        var sets: [String: OptionSetSpec] = [:]
        if let pin = old.rpcPin { sets["rpc-pin"] = OptionSetSpec(file: pin.file, values: [OptionValue(option: pin.option, value: pin.value)]) }
        if let e = old.events {
            sets["events-escape"] = OptionSetSpec(file: e.waiterFile, values: e.waiterEscape)
            sets["events-defaults"] = OptionSetSpec(file: e.waiterFile, values: e.waiterDefaults)
            sets["events-on"] = OptionSetSpec(file: e.senderFile, values: e.senderOn)
            sets["events-off"] = OptionSetSpec(file: e.senderFile, values: e.senderOff)
        }
        return sets.filter { !$0.value.values.isEmpty }
    }

    /// Format 1 warned at the end of a plan about a pin or an escape left set.
    static func finalChecks(_ pack: Pack, _ old: Format1Sections) -> [CompatRule] {
        var out: [CompatRule] = []
        if let pin = old.rpcPin {
            var s = DaemonSelector(); s.config = [ConfigCondition(file: pin.file, option: pin.option, set: true)]
            out.append(CompatRule(id: "rpc.pin-left", severity: .warning, summary: "the plan ends with the compute RPC pin still set",
                                  consequence: "the cloud keeps \(pack.from.rawValue.capitalized)-compatible RPC; some \(pack.to.rawValue.capitalized) features stay off",
                                  fix: "end with a verified unpin step", source: "§4.5 step 8", subject: s))
        }
        if let e = old.events, !e.waiterEscape.isEmpty {
            var s = DaemonSelector(daemons: [e.waiter])
            s.config = e.waiterEscape.map { ConfigCondition(file: e.waiterFile, option: $0.option, in: [$0.value]) }
            let defaults = e.waiterDefaults.map { "\($0.option.key)=\($0.value)" }.joined(separator: " and ")
            out.append(CompatRule(id: "events.escape-left", severity: .warning,
                                  summary: "the plan ends with computes not expecting VIF events (Nova-side escape still set)",
                                  fix: "restore \(defaults) once Neutron sends events", source: "§3.3 #4, §4.5 step 10", subject: s))
        }
        return out
    }

    /// The skeleton with the pack's waiter, sender, pin package and look-ups; without the steps,
    /// phases and decisions that need an option set the pack lacks (as format 1 left them out).
    static func procedure(_ skeleton: Pack, for old: Format1Sections, sets: [String: OptionSetSpec]) -> Procedure {
        var p = skeleton.procedure ?? .empty
        var rename: [DaemonName: DaemonName] = [:]
        if let e = old.events { rename[skeletonWaiter] = e.waiter; rename[skeletonSender] = e.sender }
        let fit = Fitting(rename: rename, sets: Set(sets.keys), pinPackage: old.rpcPin?.verifyPackage, lookups: old.events?.lookups ?? [])
        p.hostSets = p.hostSets.mapValues(fit.hosts)
        p.daemonSets = p.daemonSets.mapValues { $0.map { rename[$0] ?? $0 } }
        p.before = p.before.map(fit.phase)
        p.after = p.after.map(fit.phase)
        for (m, spec) in p.methods {
            var s = spec
            s.phases = spec.phases.filter { $0.id != "unpin" || sets["rpc-pin"] != nil }.map(fit.phase)
            s.decisions = spec.decisions.filter { $0.id != "rpc.pin" || sets["rpc-pin"] != nil }
            p.methods[m] = s
        }
        return p
    }
}
