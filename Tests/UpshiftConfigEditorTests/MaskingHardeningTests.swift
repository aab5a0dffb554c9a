import Testing
import UpshiftModel
@testable import UpshiftConfigEditor

/// What `config get`, diffs and syntax errors show: no key, password or pasted secret verbatim.
@Suite struct MaskingHardeningTests {
    let masker = SecretMasker()

    @Test(arguments: ["auth_encryption_key", "super_admin_key", "ssl_key_pass", "admin_password", "rabbit_pw"])
    func keyNamedSecretsAreMasked(key: String) {
        #expect(masker.maskValue("s3cr3tvalue", key: key) == SecretMasker.mask)
    }

    @Test func keystoneOptionsAreNotTakenForKeys() {
        #expect(masker.maskValue("http://ctl:5000", key: "keystone_url") == "http://ctl:5000")
    }

    @Test(arguments: ["mysql://nova:pa/ss@db/nova", "mysql://nova:p@ss/w:rd@db/nova"])
    func aURLPasswordHoldingSlashesIsMaskedWhole(url: String) {
        let shown = masker.maskValue(url, key: "backend_url")
        #expect(shown == "mysql://nova:\(SecretMasker.mask)@db/nova")
        #expect(masker.maskLine("backend_url = \(url)") == "backend_url = mysql://nova:\(SecretMasker.mask)@db/nova")
        #expect(masker.maskValue("http://ctl:8774/v2", key: "nova_url") == "http://ctl:8774/v2")
    }

    @Test(arguments: ["[DEFAULT]\nhunter2secretvalue\n", "[DEFAULT]\n  hunter2secretvalue\n", "  hunter2secretvalue\n"])
    func aSyntaxErrorNeverQuotesTheLine(text: String) {
        #expect {
            _ = try ConfigDocument.parse(text: text, sourceName: "nova.conf")
        } throws: { error in
            let shown = (error as? InputError)?.diagnostics.map(\.oneLine).joined() ?? ""
            return !shown.isEmpty && !shown.contains("hunter2") && shown.contains("nova.conf:")
        }
    }
}
