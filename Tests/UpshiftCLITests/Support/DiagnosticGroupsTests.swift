import Testing
import UpshiftModel
@testable import UpshiftCLI

@Suite("Identical problems of many hosts are reported once")
struct DiagnosticGroupsTests {
    static func unknownKey(_ host: String, _ address: String) -> Diagnostic {
        Diagnostic(id: "discover.unreachable", severity: .error,
                   summary: "\(host) (\(address)) could not be asked: \(address) is not in known_hosts: add it with `ssh-keyscan -H \(address) >> ~/.ssh/known_hosts`",
                   detail: "host-key-unknown", fix: "check the host's key fingerprint, then add it", subject: .init(hosts: [HostName(host)]))
    }

    @Test("twenty computes with the same unknown host key make one diagnostic naming all twenty")
    func folds() {
        let ds = (1...20).map { Self.unknownKey("cmp-\($0)", "192.0.2.\($0)") } + [Self.unknownKey("ctl-01", "192.0.2.100")]
        let grouped = DiagnosticGroups.group(ds)
        #expect(grouped.count == 1)
        #expect(grouped[0].subject.hosts.count == 21)
        #expect(grouped[0].summary == "21 hosts: <host> (<address>) could not be asked: <address> is not in known_hosts: add it with `ssh-keyscan -H <address> >> ~/.ssh/known_hosts`")
        #expect(Console.render(grouped).split(separator: "\n").count == 4, "summary, hosts, why, fix")
    }

    @Test("different problems, and problems without hosts, stay apart")
    func keepsApart() {
        var other = Self.unknownKey("cmp-2", "192.0.2.2")
        other.detail = "host-key-mismatch"
        let plain = Diagnostic(id: "plan.x", severity: .error, summary: "same")
        let grouped = DiagnosticGroups.group([Self.unknownKey("cmp-1", "192.0.2.1"), other, plain, plain])
        #expect(grouped.count == 4)
        #expect(grouped[0].summary.hasPrefix("cmp-1 (192.0.2.1)"))
    }
}
