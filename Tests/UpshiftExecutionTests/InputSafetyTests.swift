import Foundation
import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

@Suite("Drift and secrets")
struct InputSafetyTests {
    static let inventoryText = "format_version: 1\nname: lab\n"

    @Test("apply refuses a plan whose inventory or pack changed, and says which hosts changed")
    func drift() throws {
        var plan = PlanFixtures.cloud
        plan.inventory = InputRef(name: "lab", sha256: InputHash.sha256(Self.inventoryText))
        plan.pack = InputRef(name: "havana-icehouse", sha256: InputHash.sha256(CloudFixture.packText))
        let pack = try CloudFixture.pack()
        #expect(DriftCheck.check(plan, against: DriftInputs(inventoryText: Self.inventoryText, inventory: nil,
                                                            packText: CloudFixture.packText, pack: pack)).isEmpty)
        let inv = Inventory(name: "lab", settings: CloudSettings(services: ["nova"]), hosts: [
            Host(name: "ctl", address: "a", os: .el6, release: "havana", roles: ["controller"]),
            Host(name: "c9", address: "b", os: .el6, release: "havana", roles: ["compute"])])
        let found = DriftCheck.check(plan, against: DriftInputs(inventoryText: Self.inventoryText + "#", inventory: inv,
                                                                packText: CloudFixture.packText + "#", pack: pack, inventorySource: "inventory.yaml"))
        #expect(found.map(\.id) == ["apply.drift.inventory", "apply.drift.pack"])
        #expect(found[0].summary == "the inventory lab changed since the plan was made: hosts added: c9; hosts removed: c1, c2, c3, c4")
        #expect(found[0].subject.location?.file == "inventory.yaml")
    }

    @Test("secrets resolve from the environment first, then the answer file; a missing one is named")
    func resolve() throws {
        let store = SecretStore(environment: ["UPSHIFT_SECRET_NOVA_KS_PW": "fromenv"], answerFile: "CONFIG_NOVA_KS_PW=fromfile\nCONFIG_GLANCE_KS_PW=g1anc3pw\n# c\n")
        #expect(try store.resolve("p={{secret:NOVA_KS_PW}}") == "p=fromenv")
        #expect(try store.resolve("{{secret:CONFIG_GLANCE_KS_PW}}") == "g1anc3pw")
        #expect(try store.resolve("{{secret:GLANCE_KS_PW}}") == "g1anc3pw")
        #expect(throws: SecretError(name: "NOPE")) { try store.resolve("{{secret:NOPE}}") }
    }

    @Test("redaction removes known secrets, password-like values and URL credentials")
    func redact() {
        let store = SecretStore(environment: ["UPSHIFT_SECRET_X": "topsecret1"], answerFile: "CONFIG_NOVA_KS_PW=n0vapass\n")
        let out = store.redact("a topsecret1 b n0vapass admin_password = hunter2 mysql://nova:pw@db/nova OS_PASSWORD=x1")
        #expect(!out.contains("topsecret1") && !out.contains("n0vapass") && !out.contains("hunter2") && !out.contains(":pw@"))
        #expect(!out.contains("x1"))
    }

    @Test("answer-file values that are not secrets (hosts) stay readable")
    func hostsStay() {
        let store = SecretStore(environment: [:], answerFile: "CONFIG_KEYSTONE_HOST=10.0.0.1\nCONFIG_KEYSTONE_ADMIN_PW=adm1npw\n")
        #expect(store.redact("http://10.0.0.1:35357/v2.0 adm1npw") == "http://10.0.0.1:35357/v2.0 ***")
    }
}
