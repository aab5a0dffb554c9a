import ArgumentParser
import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftCLI

/// Platforms from the command line: an inventory's own platform file, the plan-time refusal of a
/// platform missing a command, `pack show --pack`, and refusing code files other users can write.
@Suite struct PlatformCommandTests {
    let cli = PlanCheckCommandTests()

    /// A directory holding the rdo-22 inventory on platform `mine`, defined in `mine.yaml` (= `platform`).
    func cloud(platform: String) throws -> String {
        let inventory = try String(contentsOfFile: PlanCheckCommandTests.example("rdo-22.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "defaults:\n  os: el6", with: "platforms: [mine.yaml]\ndefaults:\n  platform: mine")
        let path = try cli.temp("inventory.yaml", inventory)
        try platform.write(toFile: (path as NSString).deletingLastPathComponent + "/mine.yaml", atomically: true, encoding: .utf8)
        return path
    }

    static let el7Text = PlatformLibrary.builtinText("el7")!

    @Test func anInventorysOwnPlatformPlansLikeTheBuiltinItCopies() async throws {
        let inv = try cloud(platform: Self.el7Text.replacingOccurrences(of: "name: el7", with: "name: mine"))
        #expect(await cli.run(["plan", "--inventory", inv, "--method", "live"]).code == 0)
    }

    @Test func aPlatformMissingACommandAStepNeedsIsRefusedAtPlanTime() async throws {
        let text = Self.el7Text.replacingOccurrences(of: "name: el7", with: "name: mine")
            .replacingOccurrences(of: "  service-stop: systemctl stop {daemon}\n", with: "")
        let inv = try cloud(platform: text)
        let r = await cli.run(["plan", "--inventory", inv, "--method", "live"])
        #expect(r.code == UpshiftExit.invalidInput)
        let d = try #require(r.diagnostics.first)
        #expect(d.id == "platform.missing-command" && d.summary.contains("has no service-stop command"))
        #expect(d.subject.location?.file.hasSuffix("/mine.yaml") == true && d.subject.location?.line == 3)
    }

    @Test func anUnknownPlatformOrABadPlatformFileIsInvalidInput() async throws {
        let bad = try cloud(platform: "format_version: 1\nname: mine\ncommands:\n  service-stop: systemctl stop {unit}\n")
        let r = await cli.run(["plan", "--inventory", bad])
        #expect(r.code == UpshiftExit.invalidInput && r.diagnostics.first?.id == "platform.unknown-placeholder")
        #expect(r.diagnostics.first?.subject.location?.line == 4)
        let builtinName = try cloud(platform: Self.el7Text)
        #expect(await cli.run(["plan", "--inventory", builtinName]).diagnostics.first?.id == "platform.builtin-name")
    }

    @Test func packShowTakesThePackAsAnArgumentOrWithPack() async throws {
        #expect(await cli.run(["pack", "show", "--pack", "havana-icehouse", "--commands"]).code == 0)
        #expect(await cli.run(["pack", "show", "havana-icehouse", "--commands", "--output", "json"]).code == 0)
        #expect(await cli.run(["pack", "show", "havana-icehouse", "--pack", "havana-icehouse"]).code == UpshiftExit.usage)
    }

    @Test func aCodeFileOthersCanWriteIsNotTrusted() throws {
        let path = try cli.temp("pack.yaml", "x")
        chmod((path as NSString).deletingLastPathComponent, 0o755)
        chmod(path, 0o644)
        #expect(CodeFileTrust.problems(path, what: "pack file").isEmpty)
        chmod(path, 0o664)
        #expect(CodeFileTrust.problems(path, what: "pack file").map(\.summary) == ["the pack file \(path) runs as root on every host, but \(path) is writable by its group (mode 664): refusing to run it"])
        chmod(path, 0o646)
        #expect(CodeFileTrust.problems(path, what: "pack file").first?.summary.contains("writable by every user") == true)
        chmod(path, 0o644)
        chmod((path as NSString).deletingLastPathComponent, 0o777)
        #expect(CodeFileTrust.problems(path, what: "pack file").first?.summary.contains("its directory") == true)
        chmod((path as NSString).deletingLastPathComponent, 0o1777)
        #expect(CodeFileTrust.problems(path, what: "pack file").isEmpty)
    }

    @Test func aHookFileMustBeExecutableAndItsTextIsWhatThePlanRuns() async throws {
        let inventory = try String(contentsOfFile: PlanCheckCommandTests.example("rdo-22.yaml"), encoding: .utf8)
            + "\nhooks:\n  - {before: computes, host: ctl-01, file: hooks/notify.sh}\n"
        let inv = try cli.temp("inventory.yaml", inventory)
        let lines = inventory.filter { $0 == "\n" }.count
        let r = await cli.run(["plan", "--inventory", inv, "--method", "live"])
        #expect(r.code == UpshiftExit.invalidInput && r.diagnostics.first?.id == "inventory.hook-not-executable")
        #expect(r.diagnostics.first?.summary.contains("does not exist") == true && r.diagnostics.first?.subject.location?.line == lines)
        let dir = (inv as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir + "/hooks", withIntermediateDirectories: true)
        try "#!/bin/sh\nlogger upgrade: computes next\n".write(toFile: dir + "/hooks/notify.sh", atomically: true, encoding: .utf8)
        #expect(await cli.run(["plan", "--inventory", inv, "--method", "live"]).diagnostics.first?.summary.contains("is not executable") == true)
        chmod(dir + "/hooks/notify.sh", 0o755)
        let out = dir + "/plan.json"
        #expect(await cli.run(["plan", "--inventory", inv, "--method", "live", "-o", out, "--output", "json"]).code == 0)
        let plan = try PlanCodec.decode(try String(contentsOfFile: out, encoding: .utf8), sourceName: out)
        let hook = try #require(plan.step("hooks/before-computes@ctl-01"))
        #expect(hook.action == .hook && hook.params.command == "#!/bin/sh\nlogger upgrade: computes next\n")
    }

    @Test func thePlanRecordsThePlatformFilesHashAndAChangedFileIsDrift() async throws {
        let text = Self.el7Text.replacingOccurrences(of: "name: el7", with: "name: mine")
        let inv = try cloud(platform: text)
        let out = (inv as NSString).deletingLastPathComponent + "/plan.json"
        #expect(await cli.run(["plan", "--inventory", inv, "--method", "live", "-o", out, "--output", "json"]).code == 0)
        let plan = try PlanCodec.decode(try String(contentsOfFile: out, encoding: .utf8), sourceName: out)
        #expect(plan.platforms == [InputRef(name: "mine", sha256: InputHash.sha256(text))])
        let same = try PlatformLibrary.file("mine.yaml", relativeTo: (inv as NSString).deletingLastPathComponent)
        #expect(PlatformDrift.check(plan, loaded: [same]).isEmpty)
        var edited = same
        edited.text += "# edited\n"
        #expect(PlatformDrift.check(plan, loaded: [edited]).map(\.id) == ["apply.drift.platform"])
        #expect(PlatformDrift.check(plan, loaded: []).first?.summary.contains("no longer uses") == true)
        // A plan of built-in platforms only records none (its JSON is as before).
        let builtin = (inv as NSString).deletingLastPathComponent + "/builtin.json"
        #expect(await cli.run(["plan", "--inventory", PlanCheckCommandTests.example("rdo-22.yaml"), "--method", "live", "-o", builtin, "--output", "json"]).code == 0)
        #expect(try !String(contentsOfFile: builtin, encoding: .utf8).contains("\"platforms\""))
    }
}
