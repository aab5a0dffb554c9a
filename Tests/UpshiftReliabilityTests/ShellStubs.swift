import Foundation

/// A directory of stub commands (every tool a rendered command calls) that only log that they
/// ran and exit 0, so a rendered command runs under the real /bin/sh with nothing else on PATH:
/// a payload in a value runs only if the shell parses it as code.
struct ShellStubs {
    static let names = ["yum", "rpm", "runuser", "service", "systemctl", "chkconfig", "mkdir", "mysqldump", "mongodump",
                        "nova", "neutron", "keystone", "glance", "cinder", "cat", "cp", "mv", "chmod", "chown", "rm",
                        "openstack-config", "openstack-service", "mysql", "sleep", "grep", "head", "find", "nova-manage",
                        "keystone-manage", "glance-manage", "cinder-manage", "neutron-db-manage", "openstack-db", "sh"]
    let dir: URL
    var log: URL { dir.appendingPathComponent("calls.log") }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-stubs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let body = "#!/bin/sh\necho \"$0\" >> '\(log.path)'\nexit 0\n"
        for n in Self.names {
            let path = dir.appendingPathComponent(n).path
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }

    /// Runs `script` with /bin/sh -c, PATH set to the stubs only; returns the exit status.
    func run(_ script: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        p.environment = ["PATH": dir.path, "HOME": dir.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        p.currentDirectoryURL = dir
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// How many stub calls were logged.
    func invocations() -> Int {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}
