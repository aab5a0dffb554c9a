import Foundation
import Testing

extension FaultTests {
    /// The ssh ControlMaster connections of a running `apply` are lost: first every master process
    /// is SIGKILLed (its socket left stale), later every socket is removed. The following commands
    /// must reconnect, or fail with an exact message; then `resume` finishes.
    @Test("lost ssh master connections mid-run: the next commands reconnect or fail with an exact message; resume finishes",
          .timeLimit(.minutes(4)))
    func lostMasterConnection() throws {
        let lab = try CLILab()
        defer { lab.down() }
        let state = lab.root + "/state"
        var masters = 0, sockets = 0, stops: [String] = []
        // Launch 1 (apply): the masters are SIGKILLed. Launch 2 (resume, if needed): the sockets are removed. Then resume without faults.
        for launch in 1...4 {
            let out = lab.root + "/master-\(launch).jsonl"
            let p = try CLIProcess.start(launch == 1 ? lab.applyArgs(state: state) : lab.resumeArgs(state: state), stdout: out, stderr: out + ".err")
            if launch <= 2, CLIProcess.waitFor(p, events: out, { $0.count >= 20 }), let dir = Self.controlDirectory(of: p.processIdentifier) {
                if launch == 1 || masters == 0 {
                    let pids = ProcTable.pids(whereCommandLineContains: "ssh: \(dir)/")
                    for pid in pids { kill(pid, SIGKILL) }
                    masters += pids.count
                }
                if launch == 2 || sockets == 0 {
                    usleep(300_000)
                    for f in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where (try? FileManager.default.removeItem(atPath: dir + "/" + f)) != nil {
                        sockets += 1
                    }
                }
            }
            p.waitUntilExit()
            if p.terminationStatus == 0 { break }
            let failed = try StatusView(state: state, scratch: lab.root).units.filter { $0.state == "failed" }
            #expect(!failed.isEmpty, "a stopped run names its failed units: \(CLIProcess.text(out + ".err").suffix(400))")
            for f in failed {
                stops.append("\(f.step) on \(f.host): \(f.message)")
                #expect(Self.isExactLostConnection(f.message, host: f.host), "the failure says the connection to \(f.host) was lost: \(f.message)")
            }
        }
        let final = try StatusView(state: state, scratch: lab.root)
        #expect(final.runState == "completed" && final.units.allSatisfy { $0.state == "succeeded" })
        #expect(try lab.state.databases["nova"] == "233")
        #expect(masters > 0 && sockets > 0, "both faults were injected: \(masters) masters killed, \(sockets) sockets removed")
        print("lostMasterConnection: killed \(masters) masters, removed \(sockets) sockets; stops: \(stops)")
    }

    /// What a command that lost its connection must say: the host, that the connection was lost, and how.
    static func isExactLostConnection(_ message: String, host: String) -> Bool {
        message == "\(host): connection-lost: the ssh master connection ended during the command (exit 255, no message); whether it ran on the host is unknown"
            || message.hasPrefix("\(host): connection-lost: ")
    }

    /// The private ControlPath directory of an upshift process: from the `-o ControlPath=DIR/%C` of its ssh children.
    static func controlDirectory(of upshift: Int32) -> String? {
        let end = Date().addingTimeInterval(10)
        while Date() < end {
            for child in ProcTable.children(of: upshift) {
                let words = ProcTable.commandLine(child).split(separator: " ")
                if let w = words.first(where: { $0.hasPrefix("ControlPath=") }), w.hasSuffix("/%C") {
                    return String(w.dropFirst("ControlPath=".count).dropLast(3))
                }
            }
            usleep(5_000)
        }
        return nil
    }
}
