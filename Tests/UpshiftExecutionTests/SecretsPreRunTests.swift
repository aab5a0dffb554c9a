import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftModel
@testable import UpshiftExecution

/// Every secret a plan writes is found before the first step; a missing one is named, and the
/// redactor never mangles a message that names a placeholder.
@Suite struct SecretsPreRunTests {
    @Test func theSecretsAPlanWritesAreFoundBeforeAnythingRuns() throws {
        let (plan, pack) = try CloudFixture.plan(.live)
        let missing = SecretStore(environment: [:]).missing(for: plan, pack: pack)
        #expect(missing.map(\.name) == ["CONFIG_NOVA_KS_PW"])
        let first = try #require(missing.first)
        #expect(first.option.description == "DEFAULT/nova_admin_password")
        #expect(plan.steps.first { $0.id == first.step }?.action == .setOption)
        #expect(SecretStore(environment: ["UPSHIFT_SECRET_CONFIG_NOVA_KS_PW": "pw-from-env"]).missing(for: plan, pack: pack).isEmpty)
        #expect(SecretStore(environment: [:], answerFile: "CONFIG_NOVA_KS_PW=pw-in-file\n").missing(for: plan, pack: pack).isEmpty)
    }

    @Test func aMessageNamingAPlaceholderSurvivesRedaction() {
        var message = ""
        do { _ = try Placeholders.substitute("{{secret:CONFIG_NOVA_KS_PW}}", for: "DEFAULT/nova_admin_password", resolver: { _ in nil }) }
        catch { message = error.description }
        let store = SecretStore(environment: ["UPSHIFT_SECRET_X": "hunter22"])
        let shown = store.redact(message)
        #expect(shown == message)
        #expect(shown.contains("cannot resolve {{secret:CONFIG_NOVA_KS_PW}} for DEFAULT/nova_admin_password"))
        // Values are still masked.
        #expect(store.redact("admin_password=s3cret token: abc hunter22") == "admin_password=*** token: *** ***")
    }
}
