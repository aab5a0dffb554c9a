import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Process-table reading (Linux /proc) so `lab down` leaves nothing running: the per-connection
/// sshd children and lab shells outlive a killed listener unless they are stopped too.
enum LabProcesses {
    /// `(pid, ppid, state)` of a /proc/PID/stat line.
    static func stat(_ pid: Int32) -> (ppid: Int32, state: Character)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let ppid = Int32(fields[1]), let state = fields[0].first else { return nil }
        return (ppid, state)
    }

    static func isZombie(_ pid: Int32) -> Bool { stat(pid)?.state == "Z" }

    static func commandName(_ pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every process below `root` (children, grandchildren, ...).
    static func descendants(of root: Int32) -> [Int32] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        var children: [Int32: [Int32]] = [:]
        for p in pids { if let s = stat(p) { children[s.ppid, default: []].append(p) } }
        var out: [Int32] = [], queue = [root]
        while let p = queue.popLast() { for c in children[p] ?? [] { out.append(c); queue.append(c) } }
        return out
    }
}

/// Loopback port checks for `lab up` (a busy address is reported, not discovered by sshd's log).
enum LabPorts {
    static func isFree(_ address: String, _ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, address, &addr.sin_addr) == 1 else { return false }
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    static func freePort(for addresses: [String], from start: Int) throws(LabError) -> Int {
        for port in start..<(start + 200) where addresses.allSatisfy({ isFree($0, port) }) { return port }
        throw LabError("no free port in \(start)-\(start + 199) on \(addresses.first ?? "") ...; pass --port")
    }
}
