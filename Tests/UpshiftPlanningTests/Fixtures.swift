import Foundation
import UpshiftModel
@testable import UpshiftPlanning

/// Shared test inputs: the built-in pack and the example inventories, read from the source tree.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func text(_ relative: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)) ?? ""
    }
    static let packText = text("Sources/UpshiftCLI/Packs/havana-icehouse.yaml")
    static let pack: Pack = try! PackLoader.load(text: packText, sourceName: "havana-icehouse.yaml")
    /// The built-in platforms (Sources/UpshiftCLI/Platforms).
    static let platforms = PlatformSet(["debian", "el6", "el7", "fedora", "ubuntu", "venv-supervisord", "venv-systemd"].map { name in
        try! PlatformLoader.load(text: text("Sources/UpshiftCLI/Platforms/\(name).yaml"), sourceName: "\(name).yaml")
    })

    static func inventory(_ relative: String) -> Inventory {
        try! InventoryLoader.load(text: text(relative), sourceName: relative, validator: InventoryValidator(pack: pack)).inventory
    }

    static func request(_ inv: Inventory, _ method: PlanMethod, _ options: PlanOptions = .init()) -> PlanRequest {
        PlanRequest(inventory: inv, pack: pack, method: method, options: options,
                    inventoryRef: InputRef(name: inv.name, sha256: "0123456789abcdef"),
                    packRef: InputRef(name: pack.name, sha256: "fedcba9876543210"))
    }

    /// Generated inventories: controllers, network nodes and computes in groups.
    static func generated(controllers: Int = 1, network: Int = 1, computes: Int, groups: Int = 1, os: BaseOS = .el6) -> Inventory {
        var hosts: [UpshiftModel.Host] = []
        for i in 1...max(1, controllers) { hosts.append(UpshiftModel.Host(name: HostName("ctl-\(i)"), address: "10.0.0.\(i)", os: os, release: "havana", roles: ["controller", "storage"])) }
        for i in 0..<network { hosts.append(UpshiftModel.Host(name: HostName("net-\(i + 1)"), address: "10.0.1.\(i + 1)", os: os, release: "havana", roles: ["network"])) }
        for i in 0..<computes {
            hosts.append(UpshiftModel.Host(name: HostName("cmp-\(i + 1)"), address: "10.\(1 + i / 60000).\(2 + (i / 250) % 240).\(i % 250 + 1)",
                              os: os, release: "havana", roles: ["compute"], group: "az\(i % max(1, groups))"))
        }
        return Inventory(name: "generated", settings: CloudSettings(services: ["keystone", "glance", "cinder", "nova", "neutron", "horizon"]), hosts: hosts)
    }
}

extension Plan {
    /// This plan with one step moved before the first step it must follow: the `pick`th (modulo) of
    /// the steps that follow another. Nil when no step follows another.
    func movingAStepBeforeItsDependency(pick: Int) -> (plan: Plan, moved: StepID, before: StepID)? {
        let movable = steps.indices.filter { !steps[$0].after.isEmpty }
        guard !movable.isEmpty else { return nil }
        let i = movable[pick % movable.count]
        guard let dep = steps[i].after.first, let j = steps.firstIndex(where: { $0.id == dep }) else { return nil }
        var bad = self
        bad.steps.insert(bad.steps.remove(at: i), at: j)
        return (bad, steps[i].id, dep)
    }
}
