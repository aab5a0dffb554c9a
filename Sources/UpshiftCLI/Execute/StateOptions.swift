import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftJournalSQLite
import UpshiftModel

/// `--state DIR`: where the journal lives (default `.upshift/` in the current directory).
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: "State directory holding the journal (journal.sqlite).")
    var directory: String = ".upshift"

    var journalPath: String { (directory as NSString).appendingPathComponent("journal.sqlite") }

    /// Opens the journal, creating the directory (mode 0700: output tails may name hosts) when asked.
    /// `readOnly` (status, report): nothing is written, so read-only media can be read. A state
    /// directory open to other users gets a warning (the journal itself is kept 0600).
    func openJournal(create: Bool, readOnly: Bool = false) throws -> SQLiteJournal {
        let fm = FileManager.default
        if !fm.fileExists(atPath: journalPath) {
            guard create else {
                throw CLIFailure("no journal in \(directory)/: start a run with `upshift apply PLAN` (or pass --state DIR)",
                                 id: "journal.missing", code: UpshiftExit.failure, file: directory)
            }
            do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw CLIFailure("cannot create the state directory: \(error.localizedDescription)", id: "journal.create", file: directory)
            }
        }
        var st = stat()
        if !readOnly, stat(directory, &st) == 0, st.st_mode & 0o077 != 0 {
            Console.err("warning: the state directory \(directory) is open to other users (mode \(String(st.st_mode & 0o777, radix: 8))); "
                        + "the journal is kept 0600, but `chmod 700 \(directory)` keeps its names private too")
        }
        do { return try SQLiteJournal(path: journalPath, readOnly: readOnly) } catch let e as JournalError {
            throw CLIFailure(e.message, id: "journal.open", file: journalPath)
        }
    }
}

/// Process facts the execute commands need: this pid, and whether another pid is alive.
enum ProcessFacts {
    static var owner: LockOwner { LockOwner(pid: getpid()) }
    /// `kill(pid, 0)`: alive unless the process does not exist (EPERM means it exists).
    static let isAlive: @Sendable (Int32) -> Bool = { pid in kill(pid, 0) == 0 || errno == EPERM }
}

/// Maps library errors of the execute commands to diagnostics and exit codes.
enum ExecuteErrors {
    /// `journal`: the journal file, named in the message of a journal error (a full disk must say which file).
    static func map(_ error: any Error, journal: String? = nil) -> any Error {
        switch error {
        case let e as JournalError:
            let refused: Set<JournalError.Code> = [.locked, .unfinishedRun]
            return CLIFailure(e.message, id: "journal.\(e.code.rawValue)", code: refused.contains(e.code) ? UpshiftExit.refused : UpshiftExit.failure,
                              file: journal)
        case let e as ScheduleError:
            return CLIFailure(e.description, id: "plan.unschedulable", code: UpshiftExit.invalidInput)
        case let e as CloudLockRefusal:
            return CLIFailure(e.message, id: "lock.cloud", code: UpshiftExit.refused)
        case let e as RollbackRefusal:
            return CLIFailure(e.message, id: e.isUsage ? "rollback.unknown-step" : "rollback.refused", code: e.isUsage ? UpshiftExit.usage : UpshiftExit.refused)
        default:
            return error
        }
    }

    /// The exit for how a run ended, with the hint that says what to do next.
    static func finish(_ summary: RunSummary, state: StateOptions, json: Bool = false) throws {
        let resume = state.directory == ".upshift" ? "upshift resume" : "upshift resume --state \(state.directory)"
        // The closing summary, for people (a run kept in memory has no journal to read it from).
        if !json, let report = try? ReportCommand.load(state) {
            Console.err(ClosingSummary.render(report, stateFlag: state.directory == ".upshift" ? "" : "--state \(state.directory)"))
        }
        switch summary.end {
        case .completed: return
        case .paused(let why):
            Console.err("\(why); continue with `\(resume)`")
            if case .declined = why { throw CLIFailure("not confirmed: nothing past the point of no return ran", id: "apply.not-confirmed", code: UpshiftExit.refused) }
        case .interrupted:
            throw CLIFailure("interrupted: running steps finished or were recorded as interrupted; continue with `\(resume)`", id: "apply.interrupted")
        case .stalled(let waiting):
            throw CLIFailure("run \(summary.run) cannot go on: \(waiting.count) steps wait on an order the plan contradicts (first: \(waiting[0])); make the plan again",
                             id: "apply.stalled")
        case .failed(let units, let halted):
            let names = units.prefix(5).map(\.description).joined(separator: ", ")
            let why = halted ? "stopped starting new work (--max-failures reached)" : "finished with failures"
            throw CLIFailure("run \(summary.run) \(why): failed \(names)\(units.count > 5 ? " and \(units.count - 5) more" : ""). See `upshift status`; after fixing, `\(resume)`",
                             id: "apply.failed")
        }
    }
}
