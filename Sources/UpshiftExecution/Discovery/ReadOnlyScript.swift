import UpshiftModel
import UpshiftPlanning

/// A command discovery may run: only a platform command its author marked `read_only: true`, or
/// reading a file. `Discovery.run` takes nothing else, so `discover` cannot change a host.
public struct ReadOnlyScript: Sendable, Hashable {
    public let script: String
    private init(_ script: String) { self.script = script }

    /// The platform's command `name` with `values` as one script (several chained with `&&`),
    /// or nil when the platform lacks it or does not mark it read-only.
    public static func platform(_ platform: Platform?, _ name: PlatformCommandName,
                                _ values: [String: CommandTemplate.Value] = [:]) -> ReadOnlyScript? {
        guard platform?.command(name)?.readOnly == true, let script = platform?.script(name, values) else { return nil }
        return ReadOnlyScript(script)
    }

    /// `hostname`: the kernel's host name, what socket.gethostname() returns (services such as Nova
    /// register under it unless configured otherwise; the pack's `service_host`).
    public static let hostname = ReadOnlyScript("hostname")

    /// `cat FILE`.
    public static func readFile(_ path: String) -> ReadOnlyScript { ReadOnlyScript("cat \(ShellQuote.quote(path))") }

    /// Several read-only scripts in one round trip, each followed by `&& echo MARKER` (the marker a
    /// constant the caller chose), separated by `;` so one failure does not hide the others.
    public static func each(_ parts: [(ReadOnlyScript, String)]) -> ReadOnlyScript {
        ReadOnlyScript(parts.map { "\($0.0.script) && echo \(ShellQuote.quote($0.1))" }.joined(separator: "; "))
    }
}
