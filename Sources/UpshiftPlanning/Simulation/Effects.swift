import UpshiftModel

/// What a step does to the simulated cloud. Returns the indexes of the hosts it changed, or nil
/// when it changed something cloud-wide (a schema), after which every host is re-evaluated.
enum Effects {
    static func apply(_ step: Step, to state: inout CloudState, pack: Pack) -> [Int]? {
        let idx = step.hosts.compactMap { state.hostIndex[$0] }
        switch step.action {
        case .stop: return setRunning(false, step, idx, &state)
        case .start, .restart: return setRunning(true, step, idx, &state)
        case .upgradePackages, .osUpgrade:
            var changed: [Int] = []
            for h in idx {
                var touched = false
                for i in state.hosts[h].daemons.indices {
                    let d = state.hosts[h].daemons[i]
                    if d.version != .to, step.action == .osUpgrade || step.service == nil || step.service == d.service {
                        // RDO packages condrestart running services (§2.1): a running daemon is now on new code.
                        state.hosts[h].daemons[i].version = .to
                        state.hosts[h].daemons[i].installed = .to
                        touched = true
                    }
                }
                if touched { changed.append(h) }
            }
            return changed
        case .installPackages:
            guard let svc = step.service.flatMap(pack.service) else { return idx }
            for h in idx {
                for d in svc.newDaemons where state.hosts[h].roles.contains(d.role) {
                    for name in d.daemons where !state.hosts[h].has(name) {
                        state.hosts[h].daemons.append(DaemonState(name: name, service: svc.name, version: .to,
                                                                  installed: .to, running: false, scheduling: true))
                    }
                }
            }
        case .setOption, .pinRPC:
            guard let file = step.params.file else { return idx }
            return idx.filter { h in
                var touched = false
                for o in step.params.options ?? [] where state.hosts[h].config[file]?[o.option] != o.value {
                    state.hosts[h].config[file, default: [:]][o.option] = o.value
                    touched = true
                }
                return touched
            }
        case .unsetOption, .unpinRPC:
            guard let file = step.params.file else { return idx }
            for h in idx {
                for o in step.params.options ?? [] {
                    state.hosts[h].config[file, default: [:]][o.option] = nil
                    // Removing a value from a file we did not know makes that option known: unset.
                    state.hosts[h].config[file, default: [:]].removeValue(forKey: o.option)
                }
            }
        case .migrateConfig:
            guard let file = step.params.file, let svc = step.service.flatMap(pack.service),
                  let spec = svc.config.first(where: { $0.file == file }) else { return idx }
            let sets = spec.changes.filter { $0.kind == .set }
            guard !sets.isEmpty else { return [] }
            for h in idx {
                // A conditional set changes the simulated file only where the condition is known to hold.
                for c in sets where c.when.map({ w in state.hosts[h].config[file]?[w.option].map { w.holds($0) } ?? false }) ?? true {
                    state.hosts[h].config[file, default: [:]][c.option] = c.value
                }
            }
        case .backupDatabase:
            if let db = step.params.database, let i = state.databases.firstIndex(where: { $0.name == db }) {
                state.databases[i].backup = true
            }
            return []
        case .syncSchema:
            if let db = step.params.database, let i = state.databases.firstIndex(where: { $0.name == db }) {
                state.databases[i].schema = .to
            }
            return nil
        case .disableCompute, .enableCompute:
            let targets = (step.params.targets ?? []).compactMap { state.hostIndex[$0] }
            let daemons = step.params.daemons ?? []
            for h in targets {
                for i in state.hosts[h].daemons.indices where daemons.contains(state.hosts[h].daemons[i].name) {
                    state.hosts[h].daemons[i].scheduling = step.action == .enableCompute
                }
            }
            return targets
        case .switchCode:
            return switchCode(step, idx, &state)
        case .repoSwitch, .downloadPackages, .enable, .run, .waitHealthy, .verifyVersion, .lookup, .pause,
             .installCode, .reload, .check, .verifyQuery, .workload, .hook:
            return []
        }
        return idx
    }

    /// Points the service's daemons on the hosts at the new code: a stopped daemon is now on it, a
    /// running one keeps the old code until its next start or restart.
    private static func switchCode(_ step: Step, _ idx: [Int], _ state: inout CloudState) -> [Int] {
        idx.filter { h in
            var touched = false
            for i in state.hosts[h].daemons.indices where state.hosts[h].daemons[i].installed != .to
                && (step.service == nil || step.service == state.hosts[h].daemons[i].service) {
                state.hosts[h].daemons[i].installed = .to
                if !state.hosts[h].daemons[i].running { state.hosts[h].daemons[i].version = .to }
                touched = true
            }
            return touched
        }
    }

    /// Sets `running` on the step's daemons; returns the hosts where something changed.
    private static func setRunning(_ running: Bool, _ step: Step, _ idx: [Int], _ state: inout CloudState) -> [Int] {
        let names = step.params.daemons ?? []
        return idx.filter { h in
            var touched = false
            for i in state.hosts[h].daemons.indices where names.contains(state.hosts[h].daemons[i].name) {
                let d = state.hosts[h].daemons[i]
                // A (re)start runs the code on disk (switch-code may have changed it under a running daemon).
                let version = running ? d.installed : d.version
                guard d.running != running || d.version != version else { continue }
                state.hosts[h].daemons[i].running = running
                state.hosts[h].daemons[i].version = version
                touched = true
            }
            return touched
        }
    }
}
