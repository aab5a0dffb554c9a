import Foundation
import Testing
@testable import UpshiftLab
import UpshiftTestSupport

/// The real CLI, end to end, against the lab over real OpenSSH: `lab up`, `plan`, `apply --yes`,
/// `status`, `report`, then a probe that boots an instance on the upgraded cloud. One lab per
/// method (1 controller, 1 network node, 2 computes), torn down after.
@Suite(.serialized) struct CLIUpgradeEndToEndTests {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `upshift ARGS`; output goes through files so a full pipe can never block the child.
    static func cli(_ args: [String]) throws -> Run {
        let tmp = NSTemporaryDirectory() + "upshift-cli-" + UUID().uuidString.prefix(8)
        FileManager.default.createFile(atPath: tmp + ".out", contents: nil)
        FileManager.default.createFile(atPath: tmp + ".err", contents: nil)
        defer { try? FileManager.default.removeItem(atPath: tmp + ".out"); try? FileManager.default.removeItem(atPath: tmp + ".err") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: LabSSHEndToEndTests.binary)
        p.arguments = args
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp + ".out"))
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp + ".err"))
        try p.run(); p.waitUntilExit()
        let read = { (f: String) in (try? String(contentsOfFile: f, encoding: .utf8)) ?? "" }
        return Run(status: p.terminationStatus, stdout: read(tmp + ".out"), stderr: read(tmp + ".err"))
    }

    /// A fresh lab in a temporary directory, always torn down. Suites that run beside this one
    /// (suites run in parallel) pass an `octet` of their own, so their addresses never collide.
    static func withLab(octet: Int = 77, _ body: (String) async throws -> Void) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: LabSSHEndToEndTests.binary), "build the upshift executable first")
        let dir = NSTemporaryDirectory() + "upshift-cli-e2e-" + UUID().uuidString.prefix(6)
        let up = try cli(["lab", "up", "--controllers", "1", "--network", "1", "--computes", "2", "--dir", dir, "--fresh", "--octet", "\(octet)"])
        #expect(up.status == 0, "lab up: \(up.stderr)")
        defer { _ = try? cli(["lab", "down", "--dir", dir]); try? FileManager.default.removeItem(atPath: dir) }
        try await body(dir)
    }

    static func labState(_ dir: String) throws -> LabState { try FileLabStore(directory: URL(fileURLWithPath: dir)).read() }

    /// Plans with `planArgs`, applies, and checks the cloud ends on Icehouse with events on and no pin.
    func upgrade(_ planArgs: [String]) async throws {
        try await Self.withLab { dir in
            let plan = try Self.cli(["plan", "--inventory", dir + "/inventory.yaml", "-o", dir + "/plan.json"] + planArgs)
            try #require(plan.status == 0, "plan: \(plan.stderr)")
            // No --ssh-config: the lab's inventory names its ssh_config (ssh: {config: ssh_config}).
            let apply = try Self.cli(["apply", dir + "/plan.json", "--inventory", dir + "/inventory.yaml",
                                      "--state", dir + "/state", "--yes", "--parallel", "4", "--output", "json"])
            #expect(apply.status == 0, "apply: \(apply.stderr.suffix(3000))")
            #expect(try SchemaCheck.problems("plan", text: String(contentsOfFile: dir + "/plan.json", encoding: .utf8)) == [])
            #expect(try SchemaCheck.problems("events", text: apply.stdout, lines: true) == [])
            let status = try Self.cli(["status", "--state", dir + "/state", "--output", "json"])
            #expect(try SchemaCheck.problems("status", text: status.stdout) == [])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            #expect(json["state"] as? String == "completed")
            let units = try #require(json["units"] as? [[String: Any]])
            #expect(!units.isEmpty && units.allSatisfy { $0["state"] as? String == "succeeded" },
                    "not succeeded: \(units.filter { $0["state"] as? String != "succeeded" }.map { "\($0["step"] ?? "")@\($0["host"] ?? "")" })")
            try Self.expectIcehouseWithEventsOn(dir)
            let report = try Self.cli(["report", "--state", dir + "/state", "--output", "json"])
            #expect(report.status == 0)
            #expect(try SchemaCheck.problems("report", text: report.stdout) == [])
            try Self.expectABootSucceeds(dir)
        }
    }

    /// Every OpenStack package at 2014.1, every daemon running, nova schema 233, Neutron notifying
    /// Nova, computes waiting for events with the defaults, and no RPC pin left.
    static func expectIcehouseWithEventsOn(_ dir: String) throws {
        let state = try labState(dir)
        #expect(state.databases["nova"] == "233")
        for h in state.hosts {
            for (name, version) in h.packages where name.hasPrefix("openstack-nova") || name.hasPrefix("openstack-neutron") {
                #expect(version.hasPrefix("2014.1"), "\(h.name): \(name) \(version)")
            }
            for (name, d) in h.daemons { #expect(d.state == .running, "\(h.name): \(name) is \(d.state)") }
            if let nova = h.files["/etc/nova/nova.conf"].map({ LabINI.values($0.content) }) {
                #expect(nova["upgrade_levels/compute"] == nil, "\(h.name): pin left")
                if h.roles.contains("compute") {
                    #expect(nova["DEFAULT/vif_plugging_is_fatal"].map(LabINI.isTrue) ?? true, "\(h.name): events not required")
                    #expect((nova["DEFAULT/vif_plugging_timeout"].flatMap(Int.init) ?? 300) > 0, "\(h.name): event timeout 0")
                }
            }
        }
        let ctl = try #require(state.host("ctl-01"))
        let neutron = LabINI.values(try #require(ctl.files["/etc/neutron/neutron.conf"]).content)
        #expect(LabINI.isTrue(neutron["DEFAULT/notify_nova_on_port_status_changes"]))
    }

    /// The upgraded cloud boots an instance: the probe, with the lab's private network.
    static func expectABootSucceeds(_ dir: String) throws {
        let net = labUUID("net/private")   // the lab's `private` network, as `neutron net-list` shows it
        let probe = try cli(["probe", "--inventory", dir + "/inventory.yaml", "--ssh-config", dir + "/ssh_config", "--duration", "20s",
                             "--interval", "500ms", "--max-boots", "1", "--nic", net, "--output", "json"])
        #expect(probe.status == 0, "probe: \(probe.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any])
        let boots = try #require(json["boots"] as? [String: Any])
        #expect(boots["active"] as? Int == 1 && boots["failed"] as? Int == 0, "boots: \(boots)")
    }

    @Test("offline completes over real ssh", .timeLimit(.minutes(4)))
    func offline() async throws { try await upgrade(["--method", "offline"]) }

    @Test("service by service completes over real ssh", .timeLimit(.minutes(4)))
    func serviceBySevice() async throws { try await upgrade(["--method", "service"]) }

    @Test("live with computes before Neutron (--option events=disable-nova) completes, events restored", .timeLimit(.minutes(4)))
    func liveComputesFirst() async throws { try await upgrade(["--method", "live", "--option", "events=disable-nova"]) }

    @Test("a hand-edited plan with Neutron after the computes is refused before anything runs", .timeLimit(.minutes(2)))
    func computesBeforeNeutronIsRefused() async throws {
        try await Self.withLab { dir in
            let plan = try Self.cli(["plan", "--inventory", dir + "/inventory.yaml", "--method", "live", "-o", dir + "/plan.json"])
            try #require(plan.status == 0)
            // Move the whole neutron phase after the compute batches (just before the unpin).
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/plan.json"))) as? [String: Any])
            var steps = try #require(json["steps"] as? [[String: Any]])
            let neutron = steps.filter { $0["phase"] as? String == "neutron" }
            steps.removeAll { $0["phase"] as? String == "neutron" }
            let unpin = try #require(steps.firstIndex { $0["phase"] as? String == "unpin" })
            steps.insert(contentsOf: neutron, at: unpin)
            json["steps"] = steps
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: dir + "/edited.json"))
            let before = try Self.labState(dir)
            let apply = try Self.cli(["apply", dir + "/edited.json", "--inventory", dir + "/inventory.yaml", "--ssh-config", dir + "/ssh_config",
                                      "--state", dir + "/state", "--yes"])
            #expect(apply.status == 2, "apply: \(apply.stderr)")
            #expect(apply.stderr.contains("vif.hybrid-plug"), "\(apply.stderr)")
            #expect(try Self.labState(dir) == before, "the lab changed although the plan was refused")
            let log = (try? String(contentsOfFile: dir + "/commands.log", encoding: .utf8)) ?? ""
            #expect(log.isEmpty, "commands ran: \(log.prefix(500))")
        }
    }

    @Test("hosts that contradict the plan (already upgraded, another OS) are found by discovery and nothing runs", .timeLimit(.minutes(2)))
    func driftedHostsAreRefused() async throws {
        try await Self.withLab { dir in
            let plan = try Self.cli(["plan", "--inventory", dir + "/inventory.yaml", "--method", "live", "-o", dir + "/plan.json"])
            try #require(plan.status == 0)
            // Someone upgraded nova on cmp-01 by hand, and cmp-02 was reinstalled with EL7.
            try FileLabStore(directory: URL(fileURLWithPath: dir)).update { (s: inout LabState) throws(LabError) in
                let i = s.hosts.firstIndex { $0.name == "cmp-01" }!, j = s.hosts.firstIndex { $0.name == "cmp-02" }!
                s.hosts[i].packages["openstack-nova-compute"] = "2014.1.1-3.el6"
                s.hosts[j].os = .el7
                s.hosts[j].files["/etc/redhat-release"] = LabFile("CentOS Linux release 7.0.1406 (Core)\n", mode: "0644")
            }
            let before = try Self.labState(dir)
            let apply = try Self.cli(["apply", dir + "/plan.json", "--inventory", dir + "/inventory.yaml", "--ssh-config", dir + "/ssh_config",
                                      "--state", dir + "/state", "--yes"])
            #expect(apply.status == 3, "apply: \(apply.stderr)")
            #expect(apply.stderr.contains("apply.drift.release") && apply.stderr.contains("cmp-01 already has icehouse packages (openstack-nova-compute 2014.1.1-3.el6"), "\(apply.stderr)")
            #expect(apply.stderr.contains("apply.drift.os") && apply.stderr.contains("cmp-02 runs"), "\(apply.stderr)")
            #expect(try Self.labState(dir).hosts.map(\.packages) == before.hosts.map(\.packages), "nothing was upgraded")
            let log = (try? String(contentsOfFile: dir + "/commands.log", encoding: .utf8)) ?? ""
            #expect(!log.isEmpty && !log.contains("yum") && !log.contains(" stop") && !log.contains(" start"), "only discovery ran: \(log.prefix(800))")
        }
    }

    @Test("apply --pause-after, then rollback, puts the lab back to Havana; status says rolled back", .timeLimit(.minutes(3)))
    func pauseThenRollback() async throws {
        try await Self.withLab { dir in
            let plan = try Self.cli(["plan", "--inventory", dir + "/inventory.yaml", "--method", "live", "-o", dir + "/plan.json"])
            try #require(plan.status == 0)
            let before = try Self.labState(dir)
            let common = ["--inventory", dir + "/inventory.yaml", "--ssh-config", dir + "/ssh_config", "--state", dir + "/state"]
            let apply = try Self.cli(["apply", dir + "/plan.json", "--yes", "--pause-after", "glance"] + common)
            #expect(apply.status == 0, "apply: \(apply.stderr.suffix(2000))")
            #expect(apply.stderr.contains("resume"), "a paused run says how to go on: \(apply.stderr.suffix(500))")
            #expect(try Self.labState(dir).databases["keystone"] != before.databases["keystone"])
            let rollback = try Self.cli(["rollback", "--yes"] + common)
            #expect(rollback.status == 0, "rollback: \(rollback.stderr.suffix(2000))")
            let after = try Self.labState(dir)
            #expect(after.databases == before.databases)
            for (h0, h1) in zip(before.hosts, after.hosts) {
                #expect(h1.packages.filter { $0.key != "yum-plugin-downloadonly" } == h0.packages, "\(h1.name)")
                #expect(h1.daemons.mapValues(\.state) == h0.daemons.mapValues(\.state), "\(h1.name)")
            }
            let status = try Self.cli(["status", "--state", dir + "/state", "--output", "json"])
            #expect(try SchemaCheck.problems("status", text: status.stdout) == [])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            let units = try #require(json["units"] as? [[String: Any]])
            #expect(units.contains { $0["state"] as? String == "rolled-back" })
            #expect(!units.contains { $0["state"] as? String == "succeeded" }, "every unit that ran was undone")
        }
    }
}
