import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftModel

@Suite("Minimal edits")
struct EditingTests {
    static let base = """
    # Operator's nova.conf
    [DEFAULT]
    # the driver
    compute_driver=libvirt.LibvirtDriver
    compute_driver = nova.virt.libvirt.LibvirtDriver
    libvirt_type =qemu
    #vif_plugging_timeout=300

    [database]
    connection = mysql://nova:secret@db/nova

    """
    static func ref(_ s: String) -> OptionRef { OptionRef(parsing: s)! }
    static func parsed() throws -> ConfigDocument { try ConfigDocument.parse(text: base, sourceName: "nova.conf") }

    @Test("setting an existing option changes only the value of its last assignment")
    func setExisting() throws {
        var doc = try Self.parsed()
        try doc.set(Self.ref("DEFAULT/libvirt_type"), to: "kvm")
        try doc.set(Self.ref("DEFAULT/compute_driver"), to: "fake.FakeDriver")
        #expect(doc.render() == Self.base
            .replacingOccurrences(of: "libvirt_type =qemu", with: "libvirt_type =kvm")
            .replacingOccurrences(of: "compute_driver = nova.virt.libvirt.LibvirtDriver", with: "compute_driver = fake.FakeDriver"))
    }

    @Test("a new option goes after its commented-out default, in the file's spacing style")
    func setNewNearHint() throws {
        var doc = try Self.parsed()
        try doc.set(Self.ref("DEFAULT/vif_plugging_timeout"), to: "0")
        #expect(doc.render().contains("#vif_plugging_timeout=300\nvif_plugging_timeout = 0\n\n[database]"))
        try doc.set(Self.ref("database/max_retries"), to: "-1")
        #expect(doc.render().contains("connection = mysql://nova:secret@db/nova\nmax_retries = -1\n"))
    }

    @Test("a new section is appended after a blank line")
    func setNewSection() throws {
        var doc = try Self.parsed()
        try doc.set(Self.ref("libvirt/virt_type"), to: "kvm")
        #expect(doc.render() == Self.base + "\n[libvirt]\nvirt_type = kvm\n")
        let noBlank = try ConfigDocument.parse(text: "[DEFAULT]\na=1\n", sourceName: "x")
        var edited = noBlank
        try edited.set(Self.ref("upgrade_levels/compute"), to: "havana")
        #expect(edited.render() == "[DEFAULT]\na=1\n\n[upgrade_levels]\ncompute=havana\n")
    }

    @Test("values that stripping or unquoting would change are quoted, and read back exactly",
          arguments: [" padded ", "\"quoted\"", "'", "", "a=b:c", "first\nsecond"])
    func valueEncoding(value: String) throws {
        var doc = try Self.parsed()
        try doc.set(Self.ref("DEFAULT/odd"), to: value)
        let reread = try ConfigDocument.parse(text: doc.render(), sourceName: "re")
        #expect(reread.value(of: Self.ref("DEFAULT/odd")) == value)
    }

    @Test("values that no oslo.config line can hold are refused", arguments: ["a\n\nb", "a\n  b", "nul\u{0}"])
    func unencodable(value: String) throws {
        var doc = try Self.parsed()
        #expect(throws: ConfigEditError.self) { try doc.set(Self.ref("DEFAULT/odd"), to: value) }
        #expect(doc.render() == Self.base)
    }

    @Test("unset removes every assignment and nothing else")
    func unset() throws {
        var doc = try Self.parsed()
        do { let r = doc.unset(Self.ref("DEFAULT/compute_driver")); #expect(r == 2) }
        #expect(doc.render() == Self.base
            .replacingOccurrences(of: "compute_driver=libvirt.LibvirtDriver\n", with: "")
            .replacingOccurrences(of: "compute_driver = nova.virt.libvirt.LibvirtDriver\n", with: ""))
        do { let r = doc.unset(Self.ref("DEFAULT/absent")); #expect(r == 0) }
    }

    @Test("comment-out keeps the original text behind # with a note")
    func commentOut() throws {
        var doc = try Self.parsed()
        do { let r = doc.commentOut(Self.ref("DEFAULT/libvirt_type"), note: "removed in Icehouse"); #expect(r == 1) }
        #expect(doc.render().contains("# upshift: removed in Icehouse\n#libvirt_type =qemu\n"))
        #expect(!doc.contains(Self.ref("DEFAULT/libvirt_type")))
    }

    @Test("rename in the same section edits the key in place; a move carries the lines to the new section")
    func rename() throws {
        var doc = try Self.parsed()
        do { let r = doc.rename(Self.ref("DEFAULT/compute_driver"), to: Self.ref("DEFAULT/driver")); #expect(r) }
        #expect(doc.values(of: Self.ref("DEFAULT/driver")) == ["libvirt.LibvirtDriver", "nova.virt.libvirt.LibvirtDriver"])
        #expect(doc.render().contains("driver=libvirt.LibvirtDriver\ndriver = nova.virt.libvirt.LibvirtDriver\n"))
        do { let r = doc.rename(Self.ref("DEFAULT/libvirt_type"), to: Self.ref("libvirt/virt_type")); #expect(r) }
        #expect(doc.render().hasSuffix("mysql://nova:secret@db/nova\n\n[libvirt]\nvirt_type =qemu\n"))
        do { let r = doc.rename(Self.ref("DEFAULT/absent"), to: Self.ref("DEFAULT/other")); #expect(!r) }
    }

    @Test("the diff shows only the edited lines, with secrets masked")
    func diff() throws {
        let doc = try Self.parsed()
        var edited = doc
        try edited.set(Self.ref("database/connection"), to: "mysql://nova:newpass@db2/nova")
        let diff = doc.unifiedDiff(to: edited)
        #expect(diff == """
        --- a/nova.conf
        +++ b/nova.conf
        @@ -7,4 +7,4 @@
         #vif_plugging_timeout=300
         
         [database]
        -connection = ****
        +connection = ****

        """)
        #expect(!diff.contains("secret") && !diff.contains("newpass"))
    }
}
