import Foundation
import Testing
import UpshiftModel

/// Sizes and seed inputs of the reliability suite. `UPSHIFT_FUZZ_COUNT` sets the number of
/// mutated inputs per format (CI default 300; `scripts/reliability` runs 10,000).
enum Reliability {
    static let fuzzCount = ProcessInfo.processInfo.environment["UPSHIFT_FUZZ_COUNT"].flatMap(Int.init) ?? 300
    /// Seed of the mutation streams; `UPSHIFT_FUZZ_SEED` reproduces another run.
    static let seed = ProcessInfo.processInfo.environment["UPSHIFT_FUZZ_SEED"].flatMap(UInt64.init) ?? 0x5EED_2026
    /// An input taking longer than this to be accepted or rejected counts as a hang.
    static let hangLimit: Duration = .seconds(5)

    /// The package root (this file is Tests/UpshiftReliabilityTests/FuzzSupport.swift).
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// /work/shared/data, read in place (`../shared/data` from the package root).
    static let sharedData = root.deletingLastPathComponent().appendingPathComponent("shared/data")

    static func text(_ url: URL) throws -> String { String(decoding: try Data(contentsOf: url), as: UTF8.self) }
    static func repoText(_ relative: String) throws -> String { try text(root.appendingPathComponent(relative)) }
    static func sharedText(_ relative: String) throws -> String { try text(sharedData.appendingPathComponent(relative)) }
}

/// What a fuzzing loop found: inputs that were rejected without naming the file (or with a line
/// outside it), and inputs that took longer than the hang limit.
struct FuzzFindings {
    var accepted = 0
    var rejected = 0
    var problems: [String] = []
    var slowest: Duration = .zero

    /// Runs one input. `body` returns normally (accepted) or throws `InputError` (rejected);
    /// any other error is a problem. Every error diagnostic must name `file`, with a line inside the input.
    mutating func run(_ index: Int, file: String, text: String, _ body: () throws -> Void) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try body(); accepted += 1
        } catch let e as InputError {
            rejected += 1
            check(e.diagnostics, index: index, file: file, lineCount: text.utf8.split(separator: 10, omittingEmptySubsequences: false).count)
        } catch {
            problems.append("#\(index): not an InputError: \(error)")
        }
        let took = clock.now - start
        slowest = max(slowest, took)
        if took > Reliability.hangLimit { problems.append("#\(index): took \(took) (hang)") }
    }

    mutating func check(_ diagnostics: [Diagnostic], index: Int, file: String, lineCount: Int) {
        let errors = diagnostics.filter { $0.severity == .error }
        if errors.isEmpty { problems.append("#\(index): rejected without an error diagnostic: \(diagnostics.map(\.oneLine))") }
        for d in errors {
            guard let loc = d.subject.location, loc.file == file else {
                problems.append("#\(index): a rejection does not name the file: \(d.oneLine)"); continue
            }
            if let line = loc.line, !(1...lineCount + 1).contains(line) {
                problems.append("#\(index): line \(line) is outside the input (\(lineCount) lines): \(d.oneLine)")
            }
        }
    }

    /// Records the outcome as test issues: every problem (the first 10), and a summary comment.
    func expectClean(_ what: String) {
        #expect(problems.isEmpty, "\(what): \(problems.count) problems in \(accepted + rejected) inputs: \(problems.prefix(10).joined(separator: "\n"))")
        #expect(accepted + rejected > 0)
    }
}
