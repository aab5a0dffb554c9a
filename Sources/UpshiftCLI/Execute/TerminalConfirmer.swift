import Foundation
import UpshiftExecution
import UpshiftModel

/// Asks on the terminal before the point of no return; without a terminal the answer is no.
///
/// A Ctrl-C at the prompt answers no (the run stops before the point of no return, exit 3): while the
/// question is open, Ctrl-C goes to the prompt instead of the run's handler, and standard input is
/// polled between short sleeps so no thread blocks on the read.
struct TerminalConfirmer: Confirmer {
    func confirm(_ step: Step, plan: Plan) async -> Bool {
        guard isatty(0) == 1 else {
            Console.err("[\(step.id)] is the point of no return and there is no terminal to confirm it: re-run with --yes")
            return false
        }
        Console.err("""
            [\(step.id)] is the point of no return: \(step.why ?? "")
              after it, going back means: \(step.rollback ?? "restoring the database backup by hand")
            Cross it? [y/N] 
            """)
        let pressed = InterruptFlag()
        let previous = InterruptRoute.shared.swap { pressed.request() }
        defer { InterruptRoute.shared.route(previous) }
        while !pressed.isRequested {
            switch Self.poll() {
            case .line(let text):
                let answer = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                return answer == "y" || answer == "yes"
            case .closed: return false
            case .nothing: try? await Task.sleep(for: .milliseconds(50))
            }
        }
        Console.err("\nCtrl-C: not crossing the point of no return")
        return false
    }

    enum Input { case line(String), closed, nothing }

    /// Standard input without blocking: a line when one was typed (the terminal is in canonical mode,
    /// so a read returns the whole line), `closed` at end of file.
    static func poll() -> Input {
        var fds = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard Foundation.poll(&fds, 1, 0) > 0 else { return .nothing }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let n = read(0, &buffer, buffer.count)
        if n <= 0 { return n == 0 || (errno != EINTR && errno != EAGAIN) ? .closed : .nothing }
        return .line(String(decoding: buffer[..<n], as: UTF8.self))
    }
}
