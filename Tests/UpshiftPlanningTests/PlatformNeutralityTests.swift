import Foundation
import Testing

/// The renderer, discovery and resume's checks take every package-manager, init-system and
/// database-client command from the host's platform (docs/platforms.md) and every client command
/// from the pack: their sources must not name one. (Comments are not code and are skipped.)
@Suite struct PlatformNeutralityTests {
    static let files = [
        "Sources/UpshiftPlanning/CommandRenderer.swift", "Sources/UpshiftPlanning/CommandRenderer+Procedure.swift",
        "Sources/UpshiftPlanning/Platforms/CommandTemplate.swift", "Sources/UpshiftPlanning/Platforms/PlatformScripts.swift",
        "Sources/UpshiftPlanning/Platforms/PlatformCheck.swift", "Sources/UpshiftPlanning/Platforms/PlatformLoader.swift",
        "Sources/UpshiftExecution/Discovery/Discovery.swift", "Sources/UpshiftExecution/Discovery/Discovery+Host.swift",
        "Sources/UpshiftExecution/Discovery/Discovery+Database.swift", "Sources/UpshiftExecution/Discovery/ReadOnlyScript.swift",
        "Sources/UpshiftExecution/Rendering.swift", "Sources/UpshiftExecution/TransportStepPerformerVerify.swift",
    ]
    static let words = ["yum", "rpm", "dnf", "apt-get", "dpkg", "pip ", "systemctl", "chkconfig", "service \\(", "supervisorctl",
                        "runuser", "sudo ", "su -", "mysqldump", "mongodump", "mysql -", "keystonerc", "nova ", "redhat-release"]

    @Test func theRendererAndDiscoveryNameNoPackageManagerInitSystemOrClient() throws {
        for file in Self.files {
            let text = Fixtures.text(file)
            #expect(!text.isEmpty, "\(file) not found")
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") { continue }
                for w in Self.words where code.contains(w) {
                    Issue.record("\(file):\(n + 1) names '\(w)': take it from the platform or the pack")
                }
            }
        }
    }
}
