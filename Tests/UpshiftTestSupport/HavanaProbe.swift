import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

/// The probe operations of the built-in havana-icehouse pack (its `probe:` section, read from the
/// pack file), so the probe tests exercise the commands the pack really declares.
public enum HavanaProbe {
    public static let spec: ProbeSpec = {
        let file = SourceTree.root.appendingPathComponent("Sources/UpshiftCLI/Packs/havana-icehouse.yaml")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
              let probe = try? PackLoader.load(text: text, sourceName: file.path).probe else {
            fatalError("the havana-icehouse pack at \(file.path) has no readable probe: section")
        }
        return probe
    }()
    public static func api(_ name: String) -> ProbeAPI {
        guard let spec = spec.apis.first(where: { $0.name == name }) else { fatalError("no probe api \(name)") }
        return ProbeAPI(spec)
    }
}

extension ProbeOptions {
    /// A run of `duration` with the havana-icehouse pack's operations.
    public init(duration: Duration) { self.init(duration: duration, operations: HavanaProbe.spec) }
}

extension ProbeAPI {
    public static let keystone = HavanaProbe.api("keystone"), nova = HavanaProbe.api("nova"), neutron = HavanaProbe.api("neutron")
    public static let glance = HavanaProbe.api("glance"), cinder = HavanaProbe.api("cinder")
}
