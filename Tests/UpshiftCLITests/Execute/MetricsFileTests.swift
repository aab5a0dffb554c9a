import Foundation
import Testing
import UpshiftExecution
import UpshiftModel
@testable import UpshiftCLI

@Suite("apply --metrics-file: a Prometheus text file kept current for node_exporter")
struct MetricsFileTests {
    static func plan() -> Plan {
        var params = StepParams(); params.command = "true"
        let steps = [Step(id: "nova/stop@ctl", phase: "ctl", action: .run, hosts: ["ctl"], params: params, reversible: true),
                     Step(id: "nova/sync@ctl", phase: "ctl", action: .syncSchema, hosts: ["ctl"], params: params, reversible: false),
                     Step(id: "computes/upgrade", phase: "computes", action: .upgradePackages, hosts: ["c1", "c2"], params: params, reversible: true)]
        return Plan(method: .live, from: "havana", to: "icehouse", pack: InputRef(name: "p", sha256: "aa"), inventory: InputRef(name: "i", sha256: "bb"),
                    hosts: ["ctl", "c1", "c2"], options: PlanOptions(), decisions: [],
                    phases: [PhaseInfo(id: "ctl", title: "ctl", summary: ""), PhaseInfo(id: "computes", title: "computes", summary: "")], steps: steps)
    }

    /// `name{labels} value` lines of the exposition, by their name and labels.
    static func samples(_ text: String) -> [String: Double] {
        Dictionary(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> (String, Double)? in
            guard let space = line.lastIndex(of: " "), let v = Double(line[line.index(after: space)...]) else { return nil }
            return (String(line[..<space]), v)
        }, uniquingKeysWith: { a, _ in a })
    }

    @Test("the file follows the run: units by state, the phase, the run state, seconds per step kind; replaced, never half-written")
    func followsTheRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("upshift.prom").path
        let sink = MetricsFileSink(path: path, plan: Self.plan(), resumed: nil)
        let t = Date(timeIntervalSince1970: 0)
        sink.emit(RunEvent(.runStarted, at: t, run: 7))
        var s = Self.samples(try String(contentsOfFile: path, encoding: .utf8))
        #expect(s[#"upshift_units{run="7",state="pending"}"#] == 4)
        #expect(s[#"upshift_run_state{run="7",state="running"}"#] == 1)
        sink.emit(RunEvent(.unitStarted, at: t, run: 7, unit: UnitKey(step: "nova/stop@ctl", host: "ctl"), phase: "ctl", state: "running"))
        sink.emit(RunEvent(.unitFinished, at: t + 2, run: 7, unit: UnitKey(step: "nova/stop@ctl", host: "ctl"), state: "succeeded", seconds: 2))
        sink.emit(RunEvent(.unitStarted, at: t + 2, run: 7, unit: UnitKey(step: "nova/sync@ctl", host: "ctl"), phase: "ctl", state: "running"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        s = Self.samples(text)
        #expect(s[#"upshift_units{run="7",state="pending"}"#] == 2)
        #expect(s[#"upshift_units{run="7",state="succeeded"}"#] == 1 && s[#"upshift_units{run="7",state="running"}"#] == 1)
        #expect(s[#"upshift_phase_current{run="7",phase="ctl"}"#] == 1 && s[#"upshift_phase_current{run="7",phase="computes"}"#] == 0)
        #expect(s[#"upshift_step_seconds{run="7",kind="run"}"#] == 2)
        #expect(text.contains("# TYPE upshift_units gauge"))
        sink.emit(RunEvent(.runFinished, at: t + 3, run: 7, state: "failed"))
        s = Self.samples(try String(contentsOfFile: path, encoding: .utf8))
        #expect(s[#"upshift_run_state{run="7",state="failed"}"#] == 1 && s[#"upshift_run_state{run="7",state="running"}"#] == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["upshift.prom"], "no temporary file left")
    }
}
