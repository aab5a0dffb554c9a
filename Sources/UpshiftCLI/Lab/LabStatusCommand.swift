import ArgumentParser
import Foundation
import UpshiftLab

struct LabStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Hosts, services, versions, instances and API health of the lab.")
    @OptionGroup var location: LabDirectoryOption
    @Option(help: "text or json") var output: TextOrJSON = .text
    /// The old spelling of `--output json`, kept so scripts written for it still work.
    @Flag(help: .hidden) var json = false
    func run() async throws {
        let json = self.json || output == .json
        let state: LabState
        do { state = try FileLabStore(directory: URL(fileURLWithPath: location.path)).read() } catch {
            labWarn("error: \(error)"); throw ExitCode(1)
        }
        let sshd = LabSSHD.pidFiles(location.path)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = (try? encoder.encode(LabReport.summary(state, now: Date().timeIntervalSince1970, sshdPIDs: sshd.map(\.1)))) ?? Data()
            labWrite(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        labWrite(LabReport.status(state, now: Date().timeIntervalSince1970, sshdPIDs: sshd.map(\.1)))
    }
}

struct LabFaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fault", abstract: "Inject or clear faults (lab state: ssh and in-process alike).",
                                                    subcommands: [Add.self, Clear.self])
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a fault to a host.")
        @OptionGroup var location: LabDirectoryOption
        @Option(help: "The lab host (ctl-01, cmp-03, ...).") var host: String
        @Option(help: "unreachable | command-fails | slow-sync | install-fails-halfway | hangs | stop-hangs") var kind: String
        @Option(help: "Only commands containing this text are affected.") var match: String?
        func run() async throws {
            guard let k = LabFault.Kind(rawValue: kind) else {
                labWarn("error: --kind must be one of \(LabFault.Kind.allCases.map(\.rawValue).joined(separator: ", "))"); throw ExitCode(2)
            }
            do {
                try FileLabStore(directory: URL(fileURLWithPath: location.path)).update { (s: inout LabState) throws(LabError) in
                    guard s.host(host) != nil else { throw LabError("no lab host named \(host)") }
                    s.faults.append(LabFault(host: host, kind: k, match: match))
                }
            } catch { labWarn("error: \(error)"); throw ExitCode(1) }
            labWrite("fault added: \(host) \(kind)\(match.map { " matching '\($0)'" } ?? "")\n")
        }
    }
    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove faults (all, or one host's).")
        @OptionGroup var location: LabDirectoryOption
        @Option(help: "Only this host's faults.") var host: String?
        func run() async throws {
            do {
                try FileLabStore(directory: URL(fileURLWithPath: location.path)).update { (s: inout LabState) throws(LabError) in
                    s.faults.removeAll { host == nil || $0.host == host }
                }
            } catch { labWarn("error: \(error)"); throw ExitCode(1) }
            labWrite("faults cleared\n")
        }
    }
}
