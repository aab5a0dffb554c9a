import UpshiftModel
import UpshiftPlanning

/// Settings of a probe run. Both the time and the number of boots are bounded.
public struct ProbeOptions: Sendable {
    /// The run stops by itself after this long.
    public var duration: Duration
    /// The commands of every operation and how to read their answers (the pack's `probe:`).
    public var operations: ProbeSpec
    /// Time between two workload steps (boot, poll or delete one instance).
    public var interval: Duration = .seconds(2)
    /// Time between two rounds of API calls (one call per API); nil: `interval`. The API figures
    /// are accurate to about this plus one call's duration, so measuring a short outage needs a short one.
    public var apiInterval: Duration?
    /// At most this many instances are booted.
    public var maxBoots: Int = 500
    /// A boot not ACTIVE after this long counts as failed and is deleted.
    public var bootTimeout: Duration = .seconds(180)
    public var flavor: String
    public var image: String
    /// `--nic net-id=…` for clouds with several networks; nil lets Nova choose.
    public var networkID: String?
    /// Instance names are `<prefix><n>`.
    public var namePrefix = "upshift-probe-"
    public var apis: [ProbeAPI]
    /// Whether to boot instances at all (API calls only when false).
    public var boots = true
    /// Whether each ACTIVE instance is also cold-migrated (the pack's `probe.migrate` commands)
    /// before it is deleted: compute-to-compute RPC, which fails between Havana and Icehouse computes
    /// unless both are pinned (§12 #1). Needs two computes and migration set up between them.
    public var migrate = false
    /// Timeout of one client command.
    public var commandTimeout: Duration = .seconds(60)

    /// Options for a run of `duration` with a pack's probe operations (every API, its flavor and image).
    public init(duration: Duration, operations: ProbeSpec) {
        self.duration = duration; self.operations = operations
        apis = operations.apis.map(ProbeAPI.init); flavor = operations.flavor; image = operations.image
    }

    /// The APIs of the services `inventory` enables (an API of no service is always kept).
    public mutating func limitAPIs(to inventory: Inventory) {
        apis = apis.filter { api in
            guard let service = api.service else { return true }
            return inventory.settings.services.isEmpty || inventory.settings.services.contains(service)
        }
    }
}

/// The workload probe: while an upgrade runs, on the API host, it keeps calling each API and
/// booting, polling and deleting instances with the commands of the pack's `probe:` section, and reports failed operations and seconds of
/// unavailability per API. The clock is injected (tests use one that jumps), and the run ends
/// by itself at `options.duration`, or earlier when its task is cancelled (`ProbeHandle.stop`).
public struct WorkloadProbe<C: Clock>: Sendable where C.Duration == Duration {
    public let transport: any HostTransport
    public let apiHost: HostTarget
    public let options: ProbeOptions
    public let clock: C

    /// A probe of the cloud whose APIs `apiHost` can call.
    public init(transport: any HostTransport, apiHost: HostTarget, options: ProbeOptions, clock: C) {
        self.transport = transport; self.apiHost = apiHost; self.options = options; self.clock = clock
    }

    /// Runs until the duration is over or the task is cancelled, then deletes its instances.
    public func run() async -> ProbeReport {
        let start = clock.now
        func elapsed() -> Double { Self.seconds(start.duration(to: clock.now)) }
        var state = ProbeState()
        var nextWorkload = 0.0
        let workloadEvery = Self.seconds(options.interval)
        while !Task.isCancelled, start.duration(to: clock.now) < options.duration {
            let at = elapsed()
            // The APIs are called at once, and beside the workload step (when one is due), so a round
            // takes as long as its slowest call and every API is sampled at the same moment.
            async let calls = callAll(options.apis)
            if options.boots, at >= nextWorkload {
                await workloadStep(&state, now: at)
                nextWorkload = at + workloadEvery
            }
            for (api, ok, message) in await calls { state.record(api, ok: ok, at: at, message: message) }
            do { try await clock.sleep(for: options.apiInterval ?? options.interval) } catch { break }
        }
        // A cancelled task would cancel the clean-up's commands too: run it in a fresh task.
        let stoppedAt = elapsed()
        let cleaned = await Task { [state] in await self.cleanUp(state, at: stoppedAt) }.value
        let end = elapsed()
        return ProbeReport(host: apiHost.name, durationSeconds: end, apis: cleaned.availability(options.apis, end: end),
                           boots: cleaned.boots, failedOperations: cleaned.failedOperations, failures: cleaned.failures)
    }

    /// Starts the probe as a background task; `stop()` on the handle ends it and returns the report.
    public func start() -> ProbeHandle { ProbeHandle(Task { await self.run() }) }

    /// Calls every API concurrently; results in the order of `apis`.
    func callAll(_ apis: [ProbeAPI]) async -> [(ProbeAPI, Bool, String)] {
        await withTaskGroup(of: (Int, Bool, String).self) { group in
            for (i, api) in apis.enumerated() {
                group.addTask { let (ok, message) = await self.call(api.command); return (i, ok, message) }
            }
            var out = [(ProbeAPI, Bool, String)?](repeating: nil, count: apis.count)
            for await (i, ok, message) in group { out[i] = (apis[i], ok, message) }
            return out.compactMap { $0 }
        }
    }

    /// `command` after sourcing the pack's environment file, if it has one.
    func script(_ command: String) -> String {
        guard let file = options.operations.environmentFile else { return command }
        return ". \(ShellQuote.quote(file)) && \(command)"
    }

    /// Runs one client command on the API host; (succeeded, scrubbed reason when not).
    func call(_ command: String) async -> (Bool, String) {
        let script = script(command)
        do {
            let r = try await transport.run(RemoteCommand(script, timeout: options.commandTimeout), on: apiHost)
            if r.succeeded { return (true, "") }
            let why = Redaction.summary(r.stderrText.isEmpty ? r.stdoutText : r.stderrText)
            return (false, "exit \(r.exitStatus)\(why.isEmpty ? "" : ": \(why)")")
        } catch {
            return (false, Redaction.scrub(error.description))
        }
    }

    /// Like `call`, also returning stdout for table parsing.
    func query(_ command: String) async -> Result<String, ProbeCommandFailure> {
        let script = script(command)
        do {
            let r = try await transport.run(RemoteCommand(script, timeout: options.commandTimeout), on: apiHost)
            if r.succeeded { return .success(r.stdoutText) }
            let why = Redaction.summary(r.stderrText.isEmpty ? r.stdoutText : r.stderrText)
            return .failure(ProbeCommandFailure(message: "exit \(r.exitStatus)\(why.isEmpty ? "" : ": \(why)")"))
        } catch {
            return .failure(ProbeCommandFailure(message: Redaction.scrub(error.description)))
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// Why a probe command failed (scrubbed text).
public struct ProbeCommandFailure: Error, Sendable { public var message: String }

/// A probe running in the background. Stop it to get its report; it also ends by itself.
public final class ProbeHandle: Sendable {
    private let task: Task<ProbeReport, Never>
    init(_ task: Task<ProbeReport, Never>) { self.task = task }
    /// Ends the run early (its instances are still deleted) and returns the report.
    public func stop() async -> ProbeReport { task.cancel(); return await task.value }
    /// Asks the run to end early (without waiting); `report()` then returns once its instances are deleted.
    public func cancel() { task.cancel() }
    /// Waits for the run to end by itself.
    public func report() async -> ProbeReport { await task.value }
}

extension WorkloadProbe {
    /// A probe of `inventory`'s cloud: its APIs are called on the first host with the probe's role,
    /// and only the APIs of the services the inventory enables. Nil when no host has that role.
    ///
    /// For the executor and the demo: `let handle = WorkloadProbe(inventory: inv, ...)?.start()`,
    /// run the upgrade, then `let report = await handle.stop()`.
    public init?(inventory: Inventory, transport: any HostTransport, options: ProbeOptions, clock: C) {
        guard let api = inventory.hosts.first(where: { $0.has(options.operations.role) }) else { return nil }
        var options = options
        options.limitAPIs(to: inventory)
        self.init(transport: transport, apiHost: HostTarget(api), options: options, clock: clock)
    }
}
