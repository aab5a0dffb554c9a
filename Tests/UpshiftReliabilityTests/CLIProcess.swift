import Foundation
import Testing

/// Runs the built `upshift` executable as a separate process (the way an operator does), so the
/// reliability tests can SIGKILL it for real. Found like the lab end-to-end tests find it:
/// `UPSHIFT_BINARY`, else `.build/debug/upshift` (built by `swift test` with the package).
enum CLIProcess {
    static var binary: String {
        ProcessInfo.processInfo.environment["UPSHIFT_BINARY"] ?? Reliability.root.appendingPathComponent(".build/debug/upshift").path
    }

    /// The outcome of a finished command.
    struct Outcome {
        var status: Int32
        var killedBySignal: Bool
        var stdout: String
        var stderr: String
    }

    /// Starts `upshift ARGS` with stdout and stderr going to files (unbuffered: the JSON-lines sink
    /// writes each event with `write(2)`, so a reader polling the file sees it at once).
    static func start(_ args: [String], stdout: String, stderr: String) throws -> Process {
        FileManager.default.createFile(atPath: stdout, contents: nil)
        FileManager.default.createFile(atPath: stderr, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
        try p.run()
        return p
    }

    /// Runs `upshift ARGS` to the end, waiting without blocking a thread of the shared test pool.
    @discardableResult
    static func run(_ args: [String], scratch: String) async throws -> Outcome {
        let tag = UUID().uuidString.prefix(8)
        let out = scratch + "/cli-\(tag).out", err = scratch + "/cli-\(tag).err"
        let p = try start(args, stdout: out, stderr: err)
        await wait(p)
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
        return Outcome(status: p.terminationStatus, killedBySignal: p.terminationReason == .uncaughtSignal,
                       stdout: text(out), stderr: text(err))
    }

    /// Waits for the process to end by polling (Swift's cooperative threads, shared by every test
    /// running in parallel, must not block in `waitUntilExit` or `usleep`).
    static func wait(_ p: Process) async {
        while p.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    static func text(_ path: String) -> String {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The JSON-lines events written so far (a partial last line is ignored).
    static func events(_ path: String) -> [[String: Any]] {
        let t = text(path)
        let complete = t.hasSuffix("\n") ? t : String(t[..<(t.lastIndex(of: "\n") ?? t.startIndex)])
        return complete.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// Waits until `condition` holds on the events so far or the process ends; true if it held while the process ran.
    static func waitFor(_ p: Process, events path: String, timeout: TimeInterval = 120,
                        _ condition: ([[String: Any]]) -> Bool) async -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < end {
            if condition(events(path)) { return p.isRunning }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Ctrl-C as a terminal sends it: SIGINT to the whole foreground process group, so upshift and
    /// every child still in its group (the session ssh processes) get it. Foundation's `Process`
    /// makes the child the leader of a group of its own, so this reaches nothing of the test's.
    static func ctrlC(_ p: Process) throws {
        let pid = p.processIdentifier
        guard p.isRunning, getpgid(pid) == pid else { throw HarnessError("upshift (\(pid)) is not running as the leader of its own process group") }
        kill(-pid, SIGINT)
    }

    /// Waits until the file holds `text` or the process ends; true if it appeared.
    static func waitFor(_ p: Process, text: String, in path: String, timeout: TimeInterval = 10) async -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if Self.text(path).contains(text) { return true }
            if !p.isRunning { return Self.text(path).contains(text) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// SIGKILL: no handler, no cleanup, no journal write; what a power cut or the OOM killer does.
    static func kill9(_ p: Process) async -> Bool {
        guard p.isRunning else { return false }
        kill(p.processIdentifier, SIGKILL)
        await wait(p)
        return p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGKILL
    }
}
