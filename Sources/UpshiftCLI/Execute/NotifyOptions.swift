import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import UpshiftExecution

/// `--notify URL` of apply, resume and rollback: a webhook told of the run's milestones.
struct NotifyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("POST a JSON event (docs/notifications.md) to this http(s) URL at run start and end, each phase, a pause, a failure and the point of no return; delivery never holds the run up.", valueName: "url"))
    var notify: String?

    func validate() throws {
        guard let notify else { return }
        guard let url = URL(string: notify), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw ValidationError("--notify takes an http:// or https:// URL")
        }
    }

    /// The notifier, journaling each event it drops as `notify-dropped` (naming only the receiver's host).
    func notifier(journal: any Journal) -> WebhookNotifier? {
        guard let notify, let url = URL(string: notify) else { return nil }
        return WebhookNotifier(url: url, poster: URLSessionPoster()) { run, why in
            try? journal.recordEvent(JournalEvent(at: Date(), kind: .notifyDropped, detail: why), run: run)
        }
    }

    /// The console (or JSON lines) sink, and the notifier beside it.
    static func sink(_ base: any EventSink, _ notifier: WebhookNotifier?) -> any EventSink {
        notifier.map { FanOutEventSink([base, $0]) } ?? base
    }
}

/// Posts with Foundation's `URLSession` (10 s per attempt). Its errors are reduced to their code:
/// an `URLError`'s description carries the URL, whose path may be the webhook's secret.
struct URLSessionPoster: NotificationPosting {
    struct Failure: Error, CustomStringConvertible { var description: String }

    func post(_ body: Data, to url: URL) async throws -> Int {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        } catch let e as URLError {
            throw Failure(description: "request failed (URLError \(e.code.rawValue))")
        } catch {
            throw Failure(description: "request failed")
        }
    }
}
