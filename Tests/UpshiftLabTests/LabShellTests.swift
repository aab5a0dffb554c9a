import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftLab
import UpshiftTestSupport

/// The shell grammar of docs/commands.md, the file protocol, faults and the durable store.
@Suite struct LabShellTests {
    @Test func parsesQuotesOperatorsAndRedirects() throws {
        let s = try ShellParser.parse("a 'b c' \"d $HOME\" e\\ f && g > /x || h 2>/dev/null; i | j", env: ["HOME": "/root"])
        #expect(s.pipelines.count == 4)
        #expect(s.pipelines[0].1[0].words == ["a", "b c", "d /root", "e f"])
        #expect(s.pipelines[1].0 == .and && s.pipelines[1].1[0].redirects == [.init(fd: 1, append: false, target: "/x")])
        #expect(s.pipelines[2].0 == .or && s.pipelines[2].1[0].redirects[0].fd == 2)
        #expect(s.pipelines[3].1.count == 2)
    }

    @Test func commandSubstitutionIsRefusedNotRun() async throws {
        let lab = LabFixture()
        let r = try await lab.run("ctl-01", "echo $(rm -f /etc/nova/nova.conf)")
        #expect(r.exitStatus == 2)
        #expect(lab.state.host("ctl-01")?.files["/etc/nova/nova.conf"] != nil)
        #expect(try await lab.ok("ctl-01", "echo '$(x)' \"a'b\"") == "$(x) a'b\n")
    }

    @Test func oddArgumentsAreResultsNotCrashes() async throws {
        let lab = LabFixture()
        for script in ["sleep inf", "sleep 1e400", "umask 99z", "rpm -q --qf '%{' x", "echo 'unterminated", "&& true", "a |", "cat < /nope",
                       "nova", ". /root/keystonerc_admin && nova boot", "yum", "service", "systemctl", "openstack-config --get", "neutron-db-manage"] {
            _ = try await lab.run("ctl-01", script)
        }
        #expect(try await lab.run("ctl-01", "echo 'unterminated").exitStatus == 2)
    }

    @Test("yum and rpm take -- as optparse and popt do: what follows is an operand, even a word that looks like an option")
    func packageToolsTakeEndOfOptions() async throws {
        let lab = LabFixture()
        try await lab.repoSwitch("ctl-01")
        try await lab.ok("ctl-01", "yum -d1 -y upgrade -- '*keystone*'")
        #expect(lab.state.host("ctl-01")?.packages["openstack-keystone"]?.hasPrefix("2014.1") == true)
        #expect(try await lab.ok("ctl-01", "rpm -q --qf '%{VERSION}\\n' -- openstack-keystone").hasPrefix("2014.1"))
        let r = try await lab.run("ctl-01", "yum -d1 -y install -- --setopt=tsflags=noscripts")
        #expect(r.exitStatus == 1 && r.stderrText.hasPrefix("No package --setopt=tsflags=noscripts available."), "\(r.stderrText)")
        #expect(try await lab.run("ctl-01", "rpm -q -- -a").stdoutText == "package -a is not installed\n")
    }

    @Test func unknownCommandsFailLikeBash() async throws {
        let r = try await LabFixture().run("ctl-01", "frobnicate --now")
        #expect(r.exitStatus == 127)
        #expect(r.stderrText == "sh: frobnicate: command not found\n")
    }

    @Test func theFileProtocolWritesKeepsABackupAndTheModeAndOwner() async throws {
        let lab = LabFixture()
        let path = "/etc/nova/nova.conf"
        let before = try #require(lab.state.host("ctl-01")?.files[path])
        try await lab.writeFile("ctl-01", path, "[DEFAULT]\nx = 1\n")
        let after = try #require(lab.state.host("ctl-01")?.files[path])
        #expect(after.content == "[DEFAULT]\nx = 1\n")
        #expect(after.mode == before.mode && after.group == before.group)
        #expect(lab.state.host("ctl-01")?.files[path + ".upshift-20140501T100000"]?.content == before.content)
        #expect(lab.state.host("ctl-01")?.files[path + ".upshift-new"] == nil)
        #expect(try await lab.ok("ctl-01", "cat \(path)") == "[DEFAULT]\nx = 1\n")
    }

    @Test func anUnreachableHostThrowsAndOtherHostsGoOn() async throws {
        let lab = LabFixture()
        _ = try lab.store.update { (s: inout LabState) throws(LabError) in s.faults.append(LabFault(host: "cmp-01", kind: .unreachable)) }
        await #expect(throws: TransportError.self) { try await lab.run("cmp-01", "true") }
        do { _ = try await lab.run("cmp-01", "true") } catch let e as TransportError { #expect(e.code == .unreachable) }
        try await lab.ok("cmp-02", "true")
    }

    @Test func injectedFaultsFailMatchingCommandsSlowSyncsAndHalfInstall() async throws {
        let lab = LabFixture()
        _ = try lab.store.update { (s: inout LabState) throws(LabError) in
            s.faults += [LabFault(host: "cmp-01", kind: .commandFails, match: "openstack-nova-compute start"),
                         LabFault(host: "ctl-01", kind: .slowSync), LabFault(host: "cmp-02", kind: .installFailsHalfway)]
        }
        #expect(try await lab.run("cmp-01", "service openstack-nova-compute start").exitStatus == 1)
        try await lab.ok("cmp-01", "service openstack-nova-compute status")
        try await lab.ok("ctl-01", "service openstack-keystone stop")
        try await lab.repoSwitch("ctl-01")
        try await lab.ok("ctl-01", "yum -d1 -y upgrade '*keystone*'")
        let t0 = lab.time.value
        try await lab.ok("ctl-01", "keystone-manage db_sync")
        #expect(lab.time.value - t0 >= 200)
        try await lab.repoSwitch("cmp-02")
        #expect(try await lab.run("cmp-02", "yum -d1 -y upgrade '*nova*'").exitStatus == 1)
        let versions = lab.state.host("cmp-02")!.packages.filter { $0.key.contains("nova") }.values
        #expect(versions.contains { $0.hasPrefix("2014.1") } && versions.contains { $0.hasPrefix("2013.2") })
    }

    @Test func theDirectoryStoreIsSharedBetweenStoresAndLosesNoUpdates() async throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("lab-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = FileLabStore(directory: dir)
        try a.create(LabBuilder.makeState(LabTopology(computes: 1)))
        let start = try a.read().serial
        await withTaskGroup(of: Void.self) { g in
            for _ in 0..<20 { g.addTask { _ = try? FileLabStore(directory: dir).update { (s: inout LabState) throws(LabError) in s.nextSerial() } } }
        }
        #expect(try FileLabStore(directory: dir).read().serial == start + 20)
        let shell = LabTransport(store: FileLabStore(directory: dir))
        _ = try await shell.run(RemoteCommand("service openstack-nova-compute stop"), on: HostTarget(name: "cmp-01", address: "cmp-01"))
        #expect(try a.read().host("cmp-01")?.daemons["openstack-nova-compute"]?.state == .stopped)
    }

    @Test func secretsStayOutOfCommandOutputExceptTheFilesThatHoldThem() async throws {
        let lab = LabFixture()
        let secrets = lab.state.secrets.values
        for script in ["nova-manage db version", "neutron-db-manage --config-file /etc/neutron/neutron.conf current",
                       ". /root/keystonerc_admin && nova service-list", "rpm -qa", "openstack-status"] {
            let r = try await lab.run("ctl-01", script)
            #expect(!secrets.contains { r.stdoutText.contains($0) || r.stderrText.contains($0) }, "\(script)")
        }
    }
}

@Suite struct LabSecretTests {
    @Test func aSecretOnACommandLineIsRecordedRedacted() async throws {
        let lab = LabFixture()
        let secret = lab.state.secrets["nova_ks"]!
        try await lab.ok("ctl-01", "openstack-config --set /etc/neutron/neutron.conf DEFAULT nova_admin_password \(secret)")
        #expect(lab.state.secretLeaks == ["ctl-01: openstack-config --set /etc/neutron/neutron.conf DEFAULT nova_admin_password <redacted:nova_ks>"])
        try await lab.writeFile("ctl-01", "/etc/nova/nova.conf", "[DEFAULT]\npassword = \(secret)\n")
        #expect(lab.state.secretLeaks.count == 1, "stdin is the right channel")
        #expect(LabReport.status(lab.state, now: 0, sshdPIDs: []).contains("SECRET LEAKS"))
    }
}

@Suite struct LabTransportTimeoutTests {
    @Test func aCommandLongerThanItsTimeoutIsReportedAsATimeout() async throws {
        let store = InMemoryLabStore(LabBuilder.makeState(LabTopology(computes: 1)))
        let t = LabTransport(store: store)
        do {
            _ = try await t.run(RemoteCommand("sleep 5", timeout: .milliseconds(100)), on: HostTarget(name: "cmp-01", address: "cmp-01"))
            Issue.record("expected a timeout")
        } catch { #expect(error.code == .timeout) }
        let ok = try await t.run(RemoteCommand("hostname"), on: HostTarget(name: "cmp-01", address: "cmp-01"))
        #expect(ok.stdoutText == "cmp-01\n")
    }
}

@Suite struct ShellParserFuzzTests {
    @Test func randomScriptsParseOrFailWithASyntaxErrorAndQuotedWordsRoundTrip() throws {
        var rng = SplitMix64(seed: 42)
        let alphabet = Array("ab $'\"\\;&|<>2()`#\n\t={}-")
        for _ in 0..<3000 {
            let s = String((0..<Int.random(in: 0...24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            _ = try? ShellParser.parse(s, env: ["HOME": "/root"])
            let quoted = ShellQuote.quote(s)
            let parsed = try ShellParser.parse("echo " + quoted, env: [:])
            #expect(parsed.pipelines.first?.1.first?.words == ["echo", s], "\(s.debugDescription)")
        }
    }
}

@Suite struct LabDirectoryTests {
    @Test func aLabDirectoryHoldsStateAndAnInventoryThatDecodes() throws {
        let dir = NSTemporaryDirectory() + "lab-dir-" + UUID().uuidString.prefix(6)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try LabDirectory.create(LabTopology(computes: 3, os: "mixed"), at: dir)
        let text = try String(contentsOfFile: dir + "/inventory.yaml", encoding: .utf8)
        let inventory = try YAMLDocument(text: text, sourceName: "inventory.yaml").decode(Inventory.self)
        #expect(inventory.hosts.map(\.name.rawValue) == ["ctl-01", "net-01", "cmp-01", "cmp-02", "cmp-03"])
        #expect(inventory.hosts[3].os == .el7 && inventory.hosts[0].roles == ["controller", "storage"])
        let answers = try String(contentsOfFile: dir + "/answers.txt", encoding: .utf8)
        #expect(answers.contains("CONFIG_NOVA_KS_PW=\(try store.read().secrets["nova_ks"]!)"))
    }
}
