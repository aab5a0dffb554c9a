import Foundation

/// A cold migration in flight (`nova migrate`): the compute RPC casts nova makes between the two computes.
public struct LabMigration: Codable, Sendable, Hashable {
    /// The compute the instance leaves and the one the scheduler chose.
    public var source: String, dest: String
    /// The next cast to deliver: 0 prep_resize (conductor → dest), 1 resize_instance (dest → source),
    /// 2 finish_resize (source → dest); 3 when the instance waits in VERIFY_RESIZE.
    public var stage: Int
    /// The version the pending cast was sent at, and by whom.
    public var message: String, sender: String
    /// Why the pending cast was dropped: the instance then stays in RESIZE for good.
    public var stuck: String?
    /// When the disk copy ends (set when finish_resize is accepted).
    public var readyAt: Double?

    static let casts = ["prep_resize", "resize_instance", "finish_resize"]
    static let taskStates = ["resize_prep", "resize_migrating", "resize_finish"]
}

/// Cold migration between computes, modelled on the real call chain and version checks:
/// nova@2014.1 `nova/conductor/manager.py` `_cold_migrate` casts `prep_resize` to the destination,
/// `nova/compute/manager.py` `prep_resize` casts `resize_instance` to the source, whose
/// `resize_instance` casts `finish_resize` back to the destination (the same chain in nova@2013.2.3).
/// Each cast is sent at the sender's own compute RPC cap (its `[upgrade_levels] compute` at start,
/// nova@2013.2.3 `nova/compute/rpcapi.py:65-77`), and a receiver that does not serve that version
/// drops it (oslo.messaging dispatcher `UnsupportedVersion`; a cast has no reply), so the instance
/// stays in RESIZE. A cast to a stopped compute waits in its queue and is delivered, and checked,
/// when the compute starts again (on whatever code it runs then).
enum LabNovaMigration {
    /// Nominal seconds of the disk copy once finish_resize is accepted.
    static let copySeconds = 4.0

    /// Starts a migration of instance `idx`; an error message (HTTP 4xx/5xx as nova prints it) or nil.
    static func start(_ idx: Int, state s: inout LabState, now: Double) -> String? {
        let inst = s.instances[idx]
        let status = inst.status(at: now)
        guard status == "ACTIVE", let source = inst.host else {
            return "ERROR: Cannot 'migrate' while instance is in vm_state \(status.lowercased()) (HTTP 409)"
        }
        guard let (_, conductor) = LabMechanisms.running("openstack-nova-conductor", in: s),
              LabMechanisms.running("openstack-nova-scheduler", in: s) != nil else {
            return "ERROR: The server has either erred or is incapable of performing the requested operation. (HTTP 500)"
        }
        // allow_resize_to_same_host defaults to False: the scheduler ignores the source host.
        let candidates = s.hosts.filter { h in
            h.name != source && h.daemons["openstack-nova-compute"] != nil
                && s.disabledServices["\(h.name)/nova-compute"] == nil && LabMechanisms.computeUp(h, state: s)
        }
        let load = Dictionary(grouping: s.instances.compactMap(\.host), by: { $0 }).mapValues(\.count)
        guard let dest = candidates.min(by: { (load[$0.name] ?? 0, $0.name) < (load[$1.name] ?? 0, $1.name) }) else {
            return "ERROR: No valid host was found. No valid host found for cold migrate (HTTP 400)"
        }
        guard let cap = LabMechanisms.sendCap(code: conductor.code, codeVersion: conductor.codeVersion,
                                              pin: conductor.config["upgrade_levels/compute"]) else {
            return "ERROR: The conductor's [upgrade_levels] compute value is not a known alias or version (HTTP 500)"
        }
        s.instances[idx].migration = LabMigration(source: source, dest: dest.name, stage: 0, message: cap.description,
                                                  sender: "\(conductor.code ?? "?") conductor", stuck: nil, readyAt: nil)
        advance(&s, now: now)
        return nil
    }

    /// Delivers every pending cast whose receiver runs now (called before the API reads instances).
    static func advance(_ s: inout LabState, now: Double) {
        for i in s.instances.indices {
            guard var m = s.instances[i].migration, m.stuck == nil else { continue }
            while m.stage < 3 {
                let receiver = m.stage == 1 ? m.source : m.dest
                guard let h = s.host(receiver), let d = h.daemons["openstack-nova-compute"], d.state == .running,
                      let version = LabMechanisms.RPCVersion(m.message) else { break }
                let cast = LabMigration.casts[m.stage]
                if let reject = LabMechanisms.rejection(receiverCode: d.code, receiverVersion: d.codeVersion, message: version) {
                    m.stuck = "\(cast) from a \(m.sender) to the \(d.code ?? "?") compute \(receiver) dropped: \(reject)"
                    break
                }
                guard let cap = LabMechanisms.sendCap(code: d.code, codeVersion: d.codeVersion, pin: d.config["upgrade_levels/compute"]) else {
                    m.stuck = "\(receiver)'s [upgrade_levels] compute value is not a known alias or version"; break
                }
                m.stage += 1; m.message = cap.description; m.sender = "\(d.code ?? "?") compute \(receiver)"
                if m.stage == 3 { m.readyAt = now + copySeconds * s.timeFactor; s.instances[i].host = m.dest }
            }
            s.instances[i].migration = m
        }
    }

    /// The status and task state nova reports for an instance with a migration in flight.
    static func status(_ m: LabMigration, at now: Double) -> (String, String) {
        if m.stage == 3, let t = m.readyAt, now >= t { return ("VERIFY_RESIZE", "-") }
        return ("RESIZE", m.stage < 3 ? LabMigration.taskStates[m.stage] : "resize_finish")
    }

    /// `nova resize-confirm`: the API casts confirm_resize to the source compute, which removes the
    /// old disk; the instance is ACTIVE on the destination. An error message, or nil.
    static func confirm(_ idx: Int, state s: inout LabState, now: Double) -> String? {
        guard let m = s.instances[idx].migration, status(m, at: now).0 == "VERIFY_RESIZE" else {
            return "ERROR: Cannot 'confirmResize' instance \(s.instances[idx].id) while it is in vm_state \(s.instances[idx].migration == nil ? "active" : "resized") (HTTP 409)"
        }
        s.instances[idx].migration = nil
        s.instances[idx].host = m.dest
        return nil
    }
}
