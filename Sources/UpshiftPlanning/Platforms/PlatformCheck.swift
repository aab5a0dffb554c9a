import UpshiftModel

/// Refuses a plan whose steps need a command a host's platform (or the pack's `client:`) lacks,
/// before anything runs: `platform.missing-command` at the platform's file:line.
public enum PlatformCheck {
    public static func problems(_ plan: Plan, inventory: Inventory, pack: Pack, platforms: PlatformSet) -> [Diagnostic] {
        let place = ServicePlacement(inventory: inventory, pack: pack)
        let kinds = HostKinds(inventory, place)
        var out: [Diagnostic] = [], seen: Set<String> = [], checked: Set<Key> = []
        for step in plan.steps {
            // Hosts of one kind (platform and daemons) need the same commands for a step: look at the
            // first host of each kind only (a 10,000-host step has a handful of kinds).
            var stepKinds: Set<Int> = []
            for h in step.hosts {
                guard let kind = kinds.index[h], stepKinds.insert(kind).inserted, let host = place.host(h) else { continue }
                // Steps of one kind on one platform need the same commands: render one of each.
                let key = Key(action: step.action, platform: host.platform, daemons: CommandRenderer.daemonsOn(step, host, place),
                              packages: step.params.packages?.isEmpty ?? true)
                guard checked.insert(key).inserted else { continue }
                let log = MissingLog(), platform = platforms.platform(of: host)
                _ = CommandRenderer.commands(step, host: host, place: place, platform: PlatformScripts(platform, host: host, missingLog: log))
                for name in log.names where seen.insert("\(host.platform)/\(name.rawValue)").inserted {
                    out.append(Diagnostic(id: "platform.missing-command", severity: .error,
                        summary: "platform '\(host.platform)' has no \(name.rawValue) command, which step \(step.id) needs on \(h)",
                        fix: "add `\(name.rawValue):` to the platform's commands (docs/platforms.md), or give the host another platform",
                        subject: .init(location: platform?.location, hosts: [h], step: step.id)))
                }
                for name in log.client where seen.insert("client/\(name)").inserted {
                    out.append(Diagnostic(id: "pack.missing-client-command", severity: .error,
                        summary: "pack '\(pack.name)' has no client.\(name) command, which step \(step.id) needs",
                        fix: "add `client: {\(name): ...}` to the pack (docs/pack-format.md)", subject: .init(hosts: [h], step: step.id)))
                }
            }
        }
        return out
    }

    struct Key: Hashable {
        var action: StepAction
        var platform: String
        var daemons: [DaemonName]
        var packages: Bool
    }

    /// Hosts numbered by what decides the commands a step renders for them: the platform and the
    /// daemons placed on the host (with the target release's new ones).
    struct HostKinds {
        var index: [HostName: Int] = [:]
        init(_ inventory: Inventory, _ place: ServicePlacement) {
            var ids: [Kind: Int] = [:]
            for h in inventory.hosts {
                let kind = Kind(platform: h.platform, daemons: place.daemons(on: h.name, includeNew: true))
                index[h.name] = ids[kind] ?? { ids[kind] = ids.count; return ids.count - 1 }()
            }
        }
        struct Kind: Hashable { var platform: String; var daemons: [DaemonName] }
    }
}
