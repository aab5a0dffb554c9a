import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftExecution
import UpshiftModel

@Suite("Remote config editing over the file protocol")
struct RemoteConfigEditorTests {
    static let path = "/etc/neutron/neutron conf's.conf"
    static let original = Array("[DEFAULT]\n# keep\nverbose = True\n".utf8)
    static let host = HostTarget(name: HostName("ctl-01"), address: "192.0.2.10")

    static func editor(_ fs: FakeFileSystemTransport) -> RemoteConfigEditor {
        RemoteConfigEditor(access: TransportConfigFileAccess(transport: fs, target: host), stamp: "20261125T180000")
    }

    @Test("set writes through a temp file and a backup, verifies, and never puts a secret in a command or the diff")
    func setWritesAtomically() async throws {
        let fs = FakeFileSystemTransport(files: [Self.path: Self.original])
        let result = try await Self.editor(fs).set(
            [OptionValue(option: OptionRef(parsing: "DEFAULT/nova_admin_password")!, value: "{{secret:NOVA_PW}}"),
             OptionValue(option: OptionRef(parsing: "DEFAULT/notify_nova_on_port_status_changes")!, value: "True")],
            in: Self.path, resolver: { $0.kind == "secret" ? "hunter2" : nil })
        #expect(result.changed && result.backupPath == Self.path + ".upshift-20261125T180000")
        #expect(String(decoding: fs.files[Self.path]!, as: UTF8.self) == Self.written)
        #expect(fs.files[Self.path + ".upshift-20261125T180000"] == Self.original)
        #expect(fs.files[Self.path + ".upshift-new"] == nil)
        #expect(fs.commands.map(\.script) == [
            "cat '\(Self.path.replacingOccurrences(of: "'", with: "'\\''"))'",
            "umask 077 && readlink -ev -- '/etc/neutron/neutron conf'\\''s.conf' >/dev/null && cat > '/etc/neutron/neutron conf'\\''s.conf.upshift-new' && wc -c < '/etc/neutron/neutron conf'\\''s.conf.upshift-new' | grep -qx \(Self.written.utf8.count) && cp -p '/etc/neutron/neutron conf'\\''s.conf' '/etc/neutron/neutron conf'\\''s.conf.upshift-20261125T180000' && chmod --reference='/etc/neutron/neutron conf'\\''s.conf' '/etc/neutron/neutron conf'\\''s.conf.upshift-new' && chown --reference='/etc/neutron/neutron conf'\\''s.conf' '/etc/neutron/neutron conf'\\''s.conf.upshift-new' && readlink -ev -- '/etc/neutron/neutron conf'\\''s.conf' | xargs -d '\\n' mv -f -- '/etc/neutron/neutron conf'\\''s.conf.upshift-new'",
            "cat '\(Self.path.replacingOccurrences(of: "'", with: "'\\''"))'",
        ])
        #expect(fs.commands.allSatisfy { !$0.script.contains("hunter2") })
        #expect(!result.diff.contains("hunter2") && result.diff.contains("+nova_admin_password = ****"))
    }

    static let written = "[DEFAULT]\n# keep\nverbose = True\nnova_admin_password = hunter2\nnotify_nova_on_port_status_changes = True\n"

    /// An upshift killed while the content is on its way: ssh passes on an early end of input and
    /// `cat` ends cleanly with a short file. The size check keeps it from replacing the original.
    @Test("content that arrives short (upshift died mid-write) never replaces the file", arguments: [0, 7])
    func shortContentIsNotInstalled(delivered: Int) async throws {
        let fs = FakeFileSystemTransport(files: [Self.path: Self.original])
        fs.deliverOnly(delivered)
        await #expect {
            _ = try await Self.editor(fs).set([OptionValue(option: OptionRef(parsing: "DEFAULT/verbose")!, value: "False")],
                                             in: Self.path, resolver: { _ in nil })
        } throws: { error in
            "\(error)".contains("did not receive all") && "\(error)".contains("the original file is unchanged")
        }
        #expect(fs.files[Self.path] == Self.original)
        #expect(fs.files[Self.path + ".upshift-20261125T180000"] == nil)
    }

    @Test("an edit that changes nothing writes nothing")
    func noChangeNoWrite() async throws {
        let fs = FakeFileSystemTransport(files: [Self.path: Self.original])
        let result = try await Self.editor(fs).set([OptionValue(option: OptionRef(parsing: "DEFAULT/verbose")!, value: "True")], in: Self.path)
        #expect(!result.changed && result.diff.isEmpty && fs.commands.count == 1)
    }

    @Test("a failing step of the write leaves the original intact", arguments: ["readlink", "cat >", "cp -p", "chmod", "chown", "xargs"])
    func failedWrite(step: String) async throws {
        let fs = FakeFileSystemTransport(files: [Self.path: Self.original])
        fs.fail(on: step)
        await #expect(throws: ConfigEditFailure.self) {
            _ = try await Self.editor(fs).unset([OptionRef(parsing: "DEFAULT/verbose")!], in: Self.path)
        }
        #expect(fs.files[Self.path] == Self.original)
    }

    @Test("a corrupted write is caught by the re-read")
    func verify() async throws {
        let fs = FakeFileSystemTransport(files: [Self.path: Self.original])
        fs.corruptWrites()
        await #expect {
            _ = try await Self.editor(fs).unset([OptionRef(parsing: "DEFAULT/verbose")!], in: Self.path)
        } throws: { ($0 as? ConfigEditFailure)?.code == .verifyFailed }
        #expect(fs.files[Self.path + ".upshift-20261125T180000"] == Self.original)
    }

    @Test("an unparsable or missing file is refused with a diagnostic naming host, path and line, and not written")
    func badFile() async throws {
        let fs = FakeFileSystemTransport(files: [Self.path: Array("verbose = True\n".utf8)])
        await #expect {
            _ = try await Self.editor(fs).unset([OptionRef(parsing: "DEFAULT/verbose")!], in: Self.path)
        } throws: { e in
            guard let f = e as? ConfigEditFailure else { return false }
            return f.code == .invalidFile && f.diagnostics.first?.subject.location?.description == "ctl-01:\(Self.path):1"
        }
        #expect(fs.commands.count == 1)
        await #expect { _ = try await Self.editor(fs).unset([], in: "/nope") } throws: { ($0 as? ConfigEditFailure)?.code == .readFailed }
    }

    @Test("the backup stamp is the UTC start time")
    func stamp() {
        #expect(RemoteConfigEditor.stamp(for: .init(timeIntervalSince1970: 1_764_093_600)) == "20251125T180000")
    }
}
