import Foundation

/// `yum` and `rpm` against the emulated package database. The enabled RDO repository is the
/// installed `rdo-release-*` package; upgrades restart running services like RDO's `%postun`.
extension LabSession {
    func yum(_ args: [String]) async -> Int32 {
        // optparse, as yum uses it: options anywhere before `--`; after it every word is an operand.
        let end = args.firstIndex(of: "--") ?? args.endIndex
        let options = args[..<end].filter { $0.hasPrefix("-") }
        let words = args[..<end].filter { !$0.hasPrefix("-") } + args[min(end + 1, args.endIndex)...]
        let downloadOnly = options.contains("--downloadonly")
        if downloadOnly, !Self.hasDownloadOnly(snapshot()?.host(host)) {
            io.error("Command line error: no such option: --downloadonly\n"); return 1
        }
        if options.contains("--help") || options.contains("-h") {
            io.print("Usage: yum [options] COMMAND\n\nOptions:\n  -y, --assumeyes\n" + (downloadOnly ? "  --downloadonly        don't update, just download\n" : ""))
            return 0
        }
        guard let verb = words.first else { io.error("You need to give some command\n"); return 1 }
        let operands = Array(words.dropFirst())
        switch verb {
        case "erase", "remove":
            _ = withHost { (s: inout LabState, i: Int) throws(LabError) -> Void in
                for name in operands { if s.hosts[i].packages.removeValue(forKey: name) == nil { io.print("No Match for argument: \(name)\n") } }
            }
            return 0
        case "install" where downloadOnly: return await download(install: operands)
        case "upgrade" where downloadOnly, "update" where downloadOnly: return await download(upgrade: operands)
        case "install": return await install(operands)
        case "upgrade", "update": return await upgrade(operands)
        case "downgrade": return await downgrade(operands)
        case "clean": return clean()
        case "makecache": return 0
        default: io.error("No such command: \(verb). Please use /usr/bin/yum --help\n"); return 1
        }
    }

    /// The repository release the host's `rdo-release-*` package enables.
    static func repo(of h: LabHost) -> String? {
        if h.packages["rdo-release-icehouse"] != nil { return "icehouse" }
        return h.packages["rdo-release-havana"] != nil ? "havana" : nil
    }

    static func available(_ name: String, repo: String?, os: String) -> String? {
        guard let p = LabCatalog.package(name), let repo else { return nil }
        let base = repo == "icehouse" ? (p.icehouse ?? p.havana) : p.havana
        return base.isEmpty ? nil : LabCatalog.versionString(base, os: os)
    }

    func install(_ operands: [String]) async -> Int32 {
        await fetchAndInstallTime(names: operands.filter { !$0.contains("://") && !$0.hasSuffix(".rpm") && snapshot()?.host(host)?.packages[$0] == nil })
        let fault = snapshot()?.faults.contains { $0.kind == .installFailsHalfway && $0.applies(host: host, command: "yum install " + operands.joined(separator: " ")) } ?? false
        let r = withHost { (s: inout LabState, i: Int) throws(LabError) -> String? in
            var h = s.hosts[i]
            for (n, operand) in operands.enumerated() {
                if fault && n >= max(1, operands.count / 2) { return "Error: Transaction check error:\n  installing package \(operand) needs 12MB on the / filesystem\n" }
                if operand.contains("://") || operand.hasSuffix(".rpm") {
                    let file = String(operand.split(separator: "/").last ?? "")
                    guard file.hasPrefix("rdo-release-icehouse") || file.hasPrefix("rdo-release-havana") else {
                        return "Cannot open: \(operand). Skipping.\nError: Nothing to do\n"
                    }
                    let name = file.hasPrefix("rdo-release-icehouse") ? "rdo-release-icehouse" : "rdo-release-havana"
                    h.packages[name] = LabCatalog.versionString(LabCatalog.package(name)?.icehouse ?? "7-1", os: h.os.rawValue)
                    continue
                }
                if h.packages[operand] != nil { io.print("Package \(operand) already installed and latest version\n"); continue }
                guard let v = Self.available(operand, repo: Self.repo(of: h), os: h.os.rawValue) else {
                    return "No package \(operand) available.\nError: Nothing to do\n"
                }
                h.packages[operand] = v
                h.files.removeValue(forKey: Self.cachePath(operand, v))
            }
            s.hosts[i] = h
            return nil
        }
        guard let r else { return 1 }
        if let r { io.error(r); return 1 }
        return 0
    }

    func upgrade(_ globs: [String]) async -> Int32 {
        let command = "yum upgrade " + globs.joined(separator: " ")
        await fetchAndInstallTime(names: snapshot()?.host(host).map { Self.upgradeCandidates($0, globs).map(\.0) } ?? [])
        let fault = snapshot()?.faults.contains { $0.kind == .installFailsHalfway && $0.applies(host: host, command: command) } ?? false
        let result = withHost { (s: inout LabState, i: Int) throws(LabError) -> (upgraded: [String], failed: Bool) in
            var h = s.hosts[i]
            let candidates = Self.upgradeCandidates(h, globs)
            let limit = fault ? candidates.count / 2 : candidates.count
            for (name, v) in candidates.prefix(limit) {
                h.packages[name] = v; Self.addRPMNew(&h, package: name)
                h.files.removeValue(forKey: Self.cachePath(name, v))   // keepcache=0: the cached rpm goes after install
            }
            s.hosts[i] = h
            return (candidates.prefix(limit).map(\.0), fault && !candidates.isEmpty)
        }
        guard let result else { return 1 }
        if result.upgraded.isEmpty && !result.failed { io.print("No Packages marked for Update\n") }
        // RDO %postun: condrestart every running daemon whose code was just replaced.
        let restart = snapshot()?.host(host).map { h in
            h.daemons.keys.sorted().filter { d in
                h.daemons[d]?.state == .running && LabCatalog.daemon(d).map { result.upgraded.contains($0.package) } == true
            }
        } ?? []
        for d in restart { _ = await startDaemon(d, restart: true) }
        if result.failed {
            io.error("Error in PREIN scriptlet in rpm package \(result.upgraded.last ?? "openstack-utils")\nerror: install: %pre scriptlet failed (2), skipping\n")
            return 1
        }
        return 0
    }

    /// `%config(noreplace)`: a changed config file stays, the new default lands beside it.
    static func addRPMNew(_ h: inout LabHost, package: String) {
        let conf: [String: String] = ["openstack-nova-common": "/etc/nova/nova.conf", "openstack-neutron": "/etc/neutron/neutron.conf",
                                      "openstack-keystone": "/etc/keystone/keystone.conf", "openstack-glance": "/etc/glance/glance-api.conf",
                                      "openstack-cinder": "/etc/cinder/cinder.conf"]
        guard let path = conf[package], h.file(at: path) != nil else { return }
        h.files[path + ".rpmnew"] = LabFile("[DEFAULT]\n# Icehouse defaults shipped by \(package)\n\n[database]\n", mode: "0640")
    }

    func rpm(_ args: [String]) -> Int32 {
        guard let h = snapshot()?.host(host) else { return 1 }
        var format = "%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n"
        var names: [String] = []
        var all = false, i = 0, operandsOnly = false
        while i < args.count {
            let a = args[i]
            if operandsOnly { names.append(a); i += 1; continue }
            if a == "--" { operandsOnly = true; i += 1; continue }
            if a == "--qf" || a == "--queryformat", i + 1 < args.count { format = args[i + 1]; i += 2; continue }
            if a.hasPrefix("--qf=") || a.hasPrefix("--queryformat=") { format = String(a.split(separator: "=", maxSplits: 1)[1]); i += 1; continue }
            if a.hasPrefix("-") { if a.contains("a") { all = true }; i += 1; continue }
            names.append(a); i += 1
        }
        if all { names = h.packages.keys.sorted() }
        var missing: Int32 = 0
        for n in names {
            guard let v = h.packages[n] else { io.print("package \(n) is not installed\n"); missing += 1; continue }
            io.print(LabRPMFormat.render(format, name: n, versionRelease: v))
        }
        return min(missing, 255)
    }
}

/// rpm's `--queryformat` with `%{TAG}`, `%-20{TAG}` and backslash escapes.
enum LabRPMFormat {
    static func render(_ format: String, name: String, versionRelease: String) -> String {
        let parts = versionRelease.split(separator: "-", maxSplits: 1).map(String.init)
        let tags = ["NAME": name, "VERSION": parts.first ?? "", "RELEASE": parts.count > 1 ? parts[1] : "",
                    "ARCH": name.hasPrefix("mysql") || ["openvswitch", "libvirt", "httpd", "qpid-cpp-server"].contains(name) ? "x86_64" : "noarch",
                    "EPOCH": "(none)"]
        var out = ""
        var chars = Array(format)[...]
        while let c = chars.popFirst() {
            if c == "\\", let n = chars.popFirst() { out += n == "n" ? "\n" : n == "t" ? "\t" : String(n); continue }
            if c == "%", let close = chars.firstIndex(of: "}"), let open = chars.firstIndex(of: "{"), open < close {
                let width = Int(String(chars[chars.startIndex..<open])) ?? 0
                let tag = String(chars[chars.index(after: open)..<close]).uppercased()
                var value = tags[tag] ?? "(none)"
                if abs(width) > value.count { let pad = String(repeating: " ", count: abs(width) - value.count); value = width < 0 ? value + pad : pad + value }
                out += value
                chars = chars[chars.index(after: close)...]
                continue
            }
            out.append(c)
        }
        return out
    }
}

/// RPM-style version comparison on the numeric parts of `VERSION-RELEASE`.
enum LabVersion {
    static func less(_ a: String, _ b: String) -> Bool {
        func parts(_ s: String) -> [Int] { s.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) } }
        let x = parts(a), y = parts(b)
        for (p, q) in zip(x, y) where p != q { return p < q }
        return x.count < y.count
    }
}
