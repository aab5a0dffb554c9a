import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The key material and client files of a lab directory.
enum LabFiles {
    static func writeKeys(dir: String, keygen: String) throws(LabError) {
        for (file, comment) in [("id_ed25519", "upshift-lab-client"), ("ssh_host_ed25519_key", "upshift-lab-host")] {
            let path = "\(dir)/\(file)"
            try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: path + ".pub")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: keygen)
            p.arguments = ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path]
            p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { throw LabError("cannot run \(keygen): \(error.localizedDescription)") }
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw LabError("ssh-keygen failed for \(path)") }
        }
        do {
            try FileManager.default.copyItem(atPath: "\(dir)/id_ed25519.pub", toPath: "\(dir)/authorized_keys.new")
            _ = try? FileManager.default.removeItem(atPath: "\(dir)/authorized_keys")
            try FileManager.default.moveItem(atPath: "\(dir)/authorized_keys.new", toPath: "\(dir)/authorized_keys")
        } catch { throw LabError("cannot write \(dir)/authorized_keys: \(error.localizedDescription)") }
    }

    /// known_hosts (every lab address with the lab's host key) and ssh_config (one Host entry per host).
    static func writeClientFiles(dir: String, state: LabState, port: Int) throws(LabError) {
        let hostKey: String
        do { hostKey = try String(contentsOfFile: "\(dir)/ssh_host_ed25519_key.pub", encoding: .utf8) } catch {
            throw LabError("cannot read the lab host key: \(error.localizedDescription)")
        }
        let key = hostKey.split(separator: " ").prefix(2).joined(separator: " ")
        let known = state.hosts.map { "\(port == 22 ? $0.address : "[\($0.address)]:\(port)") \(key)\n" }.joined()
        var config = "# Written by `upshift lab up`; use with `ssh -F \(dir)/ssh_config ctl-01 ...`\n"
        for h in state.hosts {
            config += """
            Host \(h.name)
              HostName \(h.address)
              Port \(port)
              User root
              IdentityFile "\(dir)/id_ed25519"
              IdentitiesOnly yes
              UserKnownHostsFile "\(dir)/known_hosts"
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes
              LogLevel ERROR

            """
        }
        do {
            try known.write(toFile: "\(dir)/known_hosts", atomically: true, encoding: .utf8)
            try config.write(toFile: "\(dir)/ssh_config", atomically: true, encoding: .utf8)
        } catch { throw LabError("cannot write the ssh client files in \(dir): \(error.localizedDescription)") }
    }
}
