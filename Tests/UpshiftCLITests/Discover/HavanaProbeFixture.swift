import UpshiftExecution
import UpshiftModel
@testable import UpshiftCLI

/// The built-in havana-icehouse pack's probe operations (its `probe:` section).
enum HavanaProbe {
    static let spec: ProbeSpec = {
        guard let spec = try? PackLibrary.load("havana-icehouse").probe else { fatalError("havana-icehouse has no probe: section") }
        return spec
    }()
    static func api(_ name: String) -> ProbeAPI {
        guard let spec = spec.apis.first(where: { $0.name == name }) else { fatalError("no probe api \(name)") }
        return ProbeAPI(spec)
    }
}

extension ProbeOptions {
    init(duration: Duration) { self.init(duration: duration, operations: HavanaProbe.spec) }
}

extension ProbeAPI {
    static let keystone = HavanaProbe.api("keystone"), nova = HavanaProbe.api("nova")
}
