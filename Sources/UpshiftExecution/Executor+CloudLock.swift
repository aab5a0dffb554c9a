import Foundation
import UpshiftModel

extension Executor {
    /// Takes the cloud lock for a run that exists in the journal, journaling `lock-broken` when
    /// `--break-lock` took it over; on refusal the journal lock is released and the refusal thrown.
    @discardableResult
    func takeCloudLock(_ run: RunRecord) async throws -> CloudLock.Taken? {
        guard let cloudLock else { return nil }
        let taken: CloudLock.Taken
        do { taken = try await cloudLock.acquire(run: run.id, breakLock: breakLock) } catch {
            try? journal.releaseLock(run: run.id, owner: owner)
            throw error
        }
        try journalBroken(taken, run: run.id)
        return taken
    }

    /// Journals a `lock-broken` event when the lock was taken from someone else.
    func journalBroken(_ taken: CloudLock.Taken, run: RunID) throws {
        guard case .broken(let holder) = taken, let cloudLock else { return }
        try journal.recordEvent(JournalEvent(at: clock.now(), kind: .lockBroken,
                                             detail: "--break-lock took the cloud lock on \(cloudLock.host.name) from \(holder)"), run: run)
    }

    /// Releases the cloud lock (the run completed or was rolled back).
    func releaseCloudLock() async {
        await cloudLock?.release()
    }
}
