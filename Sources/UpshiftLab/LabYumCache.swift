import Foundation

/// yum's package cache and the time packages take: a package not in the cache is downloaded
/// (`downloadSeconds`) before it is installed (`installSeconds`), both scaled by the lab's time
/// factor. `--downloadonly` fills the cache without installing, like yum's downloadonly plugin
/// (EL6: the `yum-plugin-downloadonly` package; EL7 and Fedora: built into yum 3.4.3), and ends
/// the way the real tools do: with an "exiting because ... specified" message and exit status 1.
/// The figures are the lab's assumption (RDO packages of a few MB from a nearby mirror), not measured.
extension LabSession {
    /// Nominal seconds to fetch one package from the repository.
    static let downloadSeconds = 2.0
    /// Nominal seconds to install one package (from the cache).
    static let installSeconds = 0.5

    /// Where a downloaded package waits.
    static func cachePath(_ name: String, _ version: String) -> String { "/var/cache/yum/packages/\(name)-\(version).rpm" }

    /// Whether `yum --downloadonly` is understood on this host.
    static func hasDownloadOnly(_ h: LabHost?) -> Bool {
        guard let h else { return false }
        return h.os != .el6 || h.packages["yum-plugin-downloadonly"] != nil
    }

    /// Installed packages matching the globs that the enabled repository has a newer version of.
    static func upgradeCandidates(_ h: LabHost, _ globs: [String]) -> [(String, String)] {
        let repo = repo(of: h)
        var out: [(String, String)] = []
        for (name, current) in h.packages.sorted(by: { $0.key < $1.key }) {
            guard globs.isEmpty || globs.contains(where: { LabGlob.matches($0, name) }) else { continue }
            if let v = available(name, repo: repo, os: h.os.rawValue), LabVersion.less(current, v) { out.append((name, v)) }
        }
        return out
    }

    /// Waits as long as installing these packages takes: download the ones not cached, then install.
    func fetchAndInstallTime(names: [String]) async {
        guard let s = snapshot(), let h = s.host(host), !names.isEmpty else { return }
        let repo = Self.repo(of: h)
        let missing = names.filter { n in Self.available(n, repo: repo, os: h.os.rawValue).map { h.files[Self.cachePath(n, $0)] == nil } ?? false }
        await clock.sleep((Double(missing.count) * Self.downloadSeconds + Double(names.count) * Self.installSeconds) * s.timeFactor)
    }

    /// `yum --downloadonly upgrade GLOBS`.
    func download(upgrade globs: [String]) async -> Int32 {
        guard let h = snapshot()?.host(host) else { return 1 }
        return await fetch(Self.upgradeCandidates(h, globs))
    }

    /// `yum --downloadonly install NAMES`: names already installed are skipped, unknown ones fail.
    func download(install names: [String]) async -> Int32 {
        guard let h = snapshot()?.host(host) else { return 1 }
        var todo: [(String, String)] = []
        for n in names {
            if h.packages[n] != nil { io.print("Package \(n) already installed and latest version\n"); continue }
            guard let v = Self.available(n, repo: Self.repo(of: h), os: h.os.rawValue) else {
                io.error("No package \(n) available.\nError: Nothing to do\n"); return 1
            }
            todo.append((n, v))
        }
        return await fetch(todo)
    }

    /// Downloads the packages not cached yet into the cache.
    func fetch(_ packages: [(String, String)]) async -> Int32 {
        guard let s = snapshot(), let h = s.host(host) else { return 1 }
        let missing = packages.filter { h.files[Self.cachePath($0.0, $0.1)] == nil }
        guard !packages.isEmpty else { io.print("No Packages marked for Update\n"); return 0 }
        await clock.sleep(Double(missing.count) * Self.downloadSeconds * s.timeFactor)
        let stored = withHost { (s: inout LabState, i: Int) throws(LabError) -> Void in
            for (n, v) in missing { s.hosts[i].files[Self.cachePath(n, v)] = LabFile("", mode: "0644") }
        }
        guard stored != nil else { return 1 }
        io.print("Downloading Packages:\n" + packages.map { "\($0.0)-\($0.1)\n" }.joined())
        io.error(h.os == .el6 ? "\nexiting because --downloadonly specified \n" : "exiting because \"Download Only\" specified\n")
        return 1
    }

    /// `yum downgrade GLOBS`: installed packages matching the globs go back to the version the
    /// enabled repository carries when it is older (so only with the old release's repository).
    /// Like an upgrade, it restarts the running daemons whose code changed.
    func downgrade(_ globs: [String]) async -> Int32 {
        guard let h = snapshot()?.host(host) else { return 1 }
        let repo = Self.repo(of: h)
        let todo = h.packages.sorted { $0.key < $1.key }.compactMap { name, current -> (String, String)? in
            guard globs.contains(where: { LabGlob.matches($0, name) }), let v = Self.available(name, repo: repo, os: h.os.rawValue),
                  LabVersion.less(v, current) else { return nil }
            return (name, v)
        }
        guard !todo.isEmpty else {
            io.error("Only Upgrade available on package: \(globs.joined(separator: " "))\nNothing to do\n"); return 1
        }
        await fetchAndInstallTime(names: todo.map(\.0))
        let done = withHost { (s: inout LabState, i: Int) throws(LabError) -> Void in for (n, v) in todo { s.hosts[i].packages[n] = v } }
        guard done != nil else { return 1 }
        let restart = snapshot()?.host(host).map { h in
            h.daemons.keys.sorted().filter { d in h.daemons[d]?.state == .running && LabCatalog.daemon(d).map { todo.map(\.0).contains($0.package) } == true }
        } ?? []
        for d in restart { _ = await startDaemon(d, restart: true) }
        return 0
    }

    /// `yum clean all|packages` empties the package cache (metadata is not emulated).
    func clean() -> Int32 {
        let r = withHost { (s: inout LabState, i: Int) throws(LabError) -> Void in
            for path in s.hosts[i].files.keys where path.hasPrefix("/var/cache/yum/") { s.hosts[i].files.removeValue(forKey: path) }
        }
        return r == nil ? 1 : 0
    }
}
