import ArgumentParser
import Foundation
import Testing
import UpshiftModel
@testable import UpshiftCLI

/// `apply` names a missing secret before the first step (exit 2) and records no run.
@Suite struct SecretsPreRunCommandTests {
    @Test func applyRefusesAPlanWhoseSecretIsMissingBeforeTheFirstStep() async throws {
        guard ProcessInfo.processInfo.environment["UPSHIFT_SECRET_CONFIG_NOVA_KS_PW"] == nil else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-secrets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let inventory = PlanCheckCommandTests.example("rdo-22.yaml"), plan = dir + "/plan.json"
        #expect(await OutputFileTests.run(["plan", "--inventory", inventory, "--method", "live", "-o", plan, "--output", "json"]) == 0)
        do {
            var command = try Upshift.parseAsRoot(["apply", plan, "--inventory", inventory, "--no-discover", "--yes", "--state", dir + "/state"])
            if var a = command as? AsyncParsableCommand { try await a.run() } else { try command.run() }
            Issue.record("apply ran without the secret")
        } catch let f as CLIFailure {
            #expect(f.code == UpshiftExit.checkFailed)
            let d = try #require(f.diagnostics.first)
            #expect(d.id == "apply.secret-missing")
            #expect(d.summary.contains("secret CONFIG_NOVA_KS_PW is not set") && d.summary.contains("DEFAULT/nova_admin_password"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/state/journal.sqlite"))
    }
}
