import Foundation
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// The probe operations of the built-in havana-icehouse pack (its `probe:` section, read from the
/// pack file), so the probe tests exercise the commands the pack really declares.
enum HavanaProbe {
    static let spec: ProbeSpec = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("Sources/UpshiftCLI/Packs/havana-icehouse.yaml")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
              let probe = try? PackLoader.load(text: text, sourceName: file.path).probe else {
            fatalError("the havana-icehouse pack at \(file.path) has no readable probe: section")
        }
        return probe
    }()
    static func api(_ name: String) -> ProbeAPI {
        guard let spec = spec.apis.first(where: { $0.name == name }) else { fatalError("no probe api \(name)") }
        return ProbeAPI(spec)
    }
}

extension ProbeOptions {
    /// A run of `duration` with the havana-icehouse pack's operations.
    init(duration: Duration) { self.init(duration: duration, operations: HavanaProbe.spec) }
}

extension ProbeAPI {
    static let keystone = HavanaProbe.api("keystone"), nova = HavanaProbe.api("nova"), neutron = HavanaProbe.api("neutron")
    static let glance = HavanaProbe.api("glance"), cinder = HavanaProbe.api("cinder")
}
