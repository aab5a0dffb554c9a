import Foundation
import GRDB
import UpshiftExecution

/// Reads one journal row without trusting its column types: a journal edited by hand, corrupted
/// or written by another program may hold text where a number belongs, or bytes that are not
/// UTF-8. GRDB's `row[column] as T` stops the process on such a value (Swift fatal error); this
/// throws a `JournalError` naming the file, the table, the row and the column instead.
struct JournalRowReader {
    let row: Row
    let table: String
    let path: String
    /// The column that names the row in messages (`id`, `position`).
    let key: String

    private var rowID: String { "\(key) \(row[key] as DatabaseValue)" }

    private func bad(_ column: String, holds what: String, wanted: String) -> JournalError {
        JournalError(.storage, "\(path): \(table) row with \(rowID): \(column) holds \(what), not \(wanted); the journal is damaged (restore it from a copy, or start over with another --state)")
    }

    private func describe(_ v: DatabaseValue) -> String {
        switch v.storage {
        case .null: return "nothing"
        case .int64: return "an integer"
        case .double: return "a real number"
        case .string: return "text"
        case .blob: return "binary data"
        }
    }

    func int(_ column: String) throws -> Int64? {
        let v = row[column] as DatabaseValue
        switch v.storage {
        case .null: return nil
        case .int64(let i): return i
        default: throw bad(column, holds: describe(v), wanted: "an integer")
        }
    }

    func double(_ column: String) throws -> Double? {
        let v = row[column] as DatabaseValue
        switch v.storage {
        case .null: return nil
        case .int64(let i): return Double(i)
        case .double(let d): return d
        default: throw bad(column, holds: describe(v), wanted: "a number")
        }
    }

    func text(_ column: String) throws -> String? {
        let v = row[column] as DatabaseValue
        switch v.storage {
        case .null: return nil
        case .string(let s): return s
        case .blob(let data):
            guard let s = String(data: data, encoding: .utf8) else { throw bad(column, holds: "binary data", wanted: "text") }
            return s
        default: throw bad(column, holds: describe(v), wanted: "text")
        }
    }

    func requiredText(_ column: String) throws -> String {
        guard let s = try text(column) else { throw bad(column, holds: "nothing", wanted: "text") }
        return s
    }

    func requiredDouble(_ column: String) throws -> Double {
        guard let d = try double(column) else { throw bad(column, holds: "nothing", wanted: "a number") }
        return d
    }

    func requiredInt(_ column: String) throws -> Int64 {
        guard let i = try int(column) else { throw bad(column, holds: "nothing", wanted: "an integer") }
        return i
    }

    /// Decodes a JSON column, naming the row when it does not decode.
    func json<T: Decodable>(_ type: T.Type, _ column: String) throws -> T {
        let text = try requiredText(column)
        do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
            throw bad(column, holds: "JSON that does not decode (\(error))", wanted: "a \(T.self)")
        }
    }

    /// `record` with the columns a journaled command has (`unit` and `undo` rows alike) read into it.
    func command<C: JournaledCommand>(_ record: C) throws -> C {
        var c = record
        c.state = UnitState(rawValue: try requiredText("state")) ?? .pending
        c.startedAt = try double("started_at").map(Date.init(timeIntervalSince1970:))
        c.endedAt = try double("ended_at").map(Date.init(timeIntervalSince1970:))
        c.exitStatus = try int("exit_status").map { Int32(truncatingIfNeeded: $0) }
        c.outputTail = try text("output_tail")
        c.message = try text("message")
        c.attempts = Int(truncatingIfNeeded: try int("attempts") ?? 0)
        return c
    }
}
