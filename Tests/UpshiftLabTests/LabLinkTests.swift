import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftLab

/// Symlinked config files on a lab host (issue 17 item 12): the lab follows links as a real host
/// does, so the file protocol's write keeps a link a link, and a plain `mv -f` onto a link would not.
@Suite struct LabLinkTests {
    static let path = "/etc/nova/nova.conf", real = "/etc/nova/real/nova.conf"

    /// A lab whose ctl-01 nova.conf is a relative link to real/nova.conf.
    static func linked() async throws -> LabFixture {
        let lab = LabFixture()
        try await lab.ok("ctl-01", "mv \(path) \(real) && ln -s real/nova.conf \(path)")
        return lab
    }

    @Test("the write protocol replaces a link's target with its mode and owner, keeps the link and a backup; the undo restores the target")
    func writeAndUndoThroughALink() async throws {
        let lab = try await Self.linked()
        let before = try #require(lab.state.host("ctl-01")?.files[Self.real])
        try await lab.writeFile("ctl-01", Self.path, "[DEFAULT]\nx = 1\n")
        var h = try #require(lab.state.host("ctl-01"))
        #expect(h.files[Self.path]?.link == "real/nova.conf", "the link stays a link")
        #expect(h.files[Self.real]?.content == "[DEFAULT]\nx = 1\n")
        #expect(h.files[Self.real]?.mode == before.mode && h.files[Self.real]?.group == before.group)
        #expect(h.files[Self.path + ".upshift-20140501T100000"]?.content == before.content)
        #expect(h.files[Self.path + ".upshift-new"] == nil)
        // The rollback's undo of a config edit, as RollbackPlanner renders it.
        let bak = Self.path + ".upshift-20140501T100000"
        try await lab.ok("ctl-01", "test ! -e \(bak) || cp -p \(bak) \(Self.path)")
        h = try #require(lab.state.host("ctl-01"))
        #expect(h.files[Self.path]?.link == "real/nova.conf" && h.files[Self.real]?.content == before.content)
    }

    @Test("a dangling link is refused with readlink's message and a non-zero status; nothing is written")
    func danglingLinkIsRefused() async throws {
        let lab = LabFixture()
        try await lab.ok("ctl-01", "rm \(Self.path) && ln -s /nowhere/nova.conf \(Self.path)")
        let script = CommandRenderer.writeScript(path: Self.path, stamp: "s", size: "3")
        let r = try await lab.run("ctl-01", script, stdin: "x=1")
        #expect(r.exitStatus != 0)
        #expect(r.stderrText == "readlink: \(Self.path): No such file or directory\n")
        #expect(lab.state.host("ctl-01")?.files.keys.filter { $0.hasPrefix("/nowhere") || $0.hasPrefix(Self.path + ".") } == [])
    }

    @Test("like a real host, mv -f onto a link replaces the link, cat and daemons read through it, readlink resolves it")
    func linksFollowRealSemantics() async throws {
        let lab = try await Self.linked()
        #expect(try await lab.ok("ctl-01", "readlink \(Self.path)") == "real/nova.conf\n")
        #expect(try await lab.ok("ctl-01", "readlink -f \(Self.path)") == Self.real + "\n")
        #expect(try await lab.ok("ctl-01", "cat \(Self.path)") == lab.state.host("ctl-01")?.files[Self.real]?.content)
        try await lab.ok("ctl-01", "test -L \(Self.path) && test -f \(Self.path) && service openstack-nova-api restart")
        #expect(lab.state.host("ctl-01")?.daemons["openstack-nova-api"]?.config.isEmpty == false, "the daemon read its config through the link")
        try await lab.ok("ctl-01", "echo x > /tmp/new && mv -f /tmp/new \(Self.path)")
        #expect(lab.state.host("ctl-01")?.files[Self.path]?.link == nil, "the old protocol's mv -f replaced the link")
        try await lab.ok("ctl-01", "ln -s loop-b /tmp/loop-a && ln -s loop-a /tmp/loop-b")
        #expect(try await lab.run("ctl-01", "readlink -ev /tmp/loop-a").stderrText == "readlink: /tmp/loop-a: Too many levels of symbolic links\n")
    }
}
