import ArgumentParser
import Foundation
import UpshiftExecution
import UpshiftModel
import UpshiftPlanning

/// `--inventory` / `--pack` overrides: by default the inventory and pack the plan names.
struct InputOptions: ParsableArguments {
    @Option(help: "Inventory file (default: the one apply used, else inventory.yaml).") var inventory: String?
    @Option(help: "Pack name or file (default: the one the plan was made from).") var pack: String?
    @Option(name: .customLong("ssh-config"), help: "ssh config file for every host (default: ~/.ssh/config; the lab writes DIR/ssh_config).")
    var sshConfig: String?
    @Option(name: .customLong("ssh-mode"), help: "How commands reach hosts: 'session' (one ssh process per host runs every command; default) or 'per-command' (one ssh per command over a ControlMaster). resume and rollback: default as apply had it.")
    var sshMode: SSHModeArgument?
    @Option(name: .customLong("ssh-persist"), help: SSHPersist.help(" Default: connections end with the command; resume and rollback: as apply had it."))
    var sshPersist: Int?
    @OptionGroup var ssh: SSHTuning

    func validate() throws { try SSHPersist.validate(sshPersist) }
}

/// The inventory, pack, ssh config and ssh mode `apply` used, kept in `DIR/inputs.json` so `resume`
/// and `rollback` find them without options. The inventory and pack are still checked against the
/// plan's hashes.
struct RememberedInputs: Codable {
    var inventory: String?
    var pack: String?
    var sshConfig: String?
    /// `--ssh-mode` as apply had it (a raw value, so an unknown one does not make the file unreadable);
    /// absent in files written before it was remembered: then `session`.
    var sshMode: String?
    /// `--ssh-persist` as apply had it (absent: connections end with each command).
    var sshPersist: Int?
    /// `--ssh-option` and `--connect-timeout` as apply had them (absent: none, the default).
    var sshOptions: [String]?
    var connectTimeout: Int?

    static func path(_ state: StateOptions) -> String { (state.directory as NSString).appendingPathComponent("inputs.json") }

    static func read(_ state: StateOptions) -> RememberedInputs? {
        FileManager.default.contents(atPath: path(state)).flatMap { try? JSONDecoder().decode(RememberedInputs.self, from: $0) }
    }

    /// Absolute paths, so `resume` works from another directory; built-in pack names stay names.
    init(inventory: String, pack: String?, sshConfig: String?, sshMode: SSHModeArgument, sshPersist: Int? = nil) {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : cwd + "/" + p }
        self.inventory = absolute(inventory)
        self.pack = pack.map { FileManager.default.fileExists(atPath: $0) ? absolute($0) : $0 }
        self.sshConfig = sshConfig.map(absolute)
        self.sshMode = sshMode.rawValue
        self.sshPersist = sshPersist
    }

    /// What `apply` remembers of its options, with the inventory it resolved.
    init(applying options: InputOptions, inventory: String) {
        self.init(inventory: inventory, pack: options.pack, sshConfig: options.sshConfig, sshMode: options.sshMode ?? .session,
                  sshPersist: options.sshPersist)
        sshOptions = options.ssh.sshOptions.isEmpty ? nil : options.ssh.sshOptions
        connectTimeout = options.ssh.connectTimeout
    }

    func write(_ state: StateOptions) throws {
        try OutputFile.write(JSONOut.encode(self), to: Self.path(state))
    }
}

/// A saved plan with the inventory and pack it must still match.
struct ExecuteInputs {
    var plan: Plan
    var planHash: String
    var inventory: Inventory
    var pack: Pack
    var packText: String
    /// The platforms the hosts use (docs/platforms.md).
    var platforms: [LoadedPlatform] = []
    var answerFile: String?
    var sshConfig: String?
    /// How the transport reaches hosts (`--ssh-mode`).
    var sshMode: SSHModeArgument = .session
    /// `--ssh-persist`: seconds connections outlive the command, or nil.
    var sshPersist: Int?
    /// `--ssh-option` and `--connect-timeout`.
    var sshTuning = SSHTuning()

    /// Reads a plan file; malformed JSON is invalid input naming the file.
    static func readPlan(_ path: String) throws -> (Plan, String) {
        let text = try InputFiles.readText(path, maxBytes: 1 << 30)
        let plan: Plan
        do { plan = try PlanCodec.decode(text, sourceName: path) } catch { throw CLIFailure.invalid(error) }
        guard plan.formatVersion == Plan.currentFormatVersion else {
            throw CLIFailure("plan format \(plan.formatVersion) is not supported (this upshift reads format \(Plan.currentFormatVersion)): make the plan again",
                             id: "plan.format-version", code: UpshiftExit.invalidInput, file: path)
        }
        return (plan, InputHash.sha256(text))
    }

    /// The inventory file: `--inventory`, else the one `apply` used (remembered in the state
    /// directory), else the plan's inventory name if it is a file, else `inventory.yaml`.
    static func inventoryPath(plan: Plan, options: InputOptions, remembered: RememberedInputs? = nil) throws -> String {
        if let given = options.inventory { return given }
        let earlier = remembered?.inventory.map { [$0] } ?? []
        for candidate in earlier + [plan.inventory.name, "inventory.yaml"] where FileManager.default.fileExists(atPath: candidate) { return candidate }
        throw CLIFailure("the plan was made from inventory '\(plan.inventory.name)': pass its file with --inventory FILE",
                         id: "apply.inventory-missing", code: UpshiftExit.usage)
    }

    /// Loads the inventory and pack and refuses (exit 3) when either changed since the plan was made.
    static func load(plan: Plan, planHash: String, options: InputOptions, remembered: RememberedInputs? = nil) throws -> ExecuteInputs {
        let invPath = try inventoryPath(plan: plan, options: options, remembered: remembered)
        let loaded = try PackLibrary.loadWithSource(options.pack ?? remembered?.pack ?? plan.pack.name)
        let invText = try InputFiles.readText(invPath)
        let parsed = try? Inputs.inventory(invPath, pack: loaded.pack)
        let drift = DriftCheck.check(plan, against: DriftInputs(inventoryText: invText, inventory: parsed?.inventory,
                                                                packText: loaded.text, pack: loaded.pack,
                                                                inventorySource: invPath, packSource: loaded.sourceName))
        if !drift.isEmpty { throw CLIFailure(drift, code: UpshiftExit.refused) }
        let loadedInventory = try Inputs.inventory(invPath, pack: loaded.pack)
        let inventory = loadedInventory.inventory
        let missing = PlatformCheck.problems(plan, inventory: inventory, pack: loaded.pack, platforms: loadedInventory.platforms)
        if !missing.isEmpty { throw CLIFailure(missing, code: UpshiftExit.invalidInput) }
        let changed = PlatformDrift.check(plan, loaded: loadedInventory.loadedPlatforms)
        if !changed.isEmpty { throw CLIFailure(changed, code: UpshiftExit.refused) }
        // A pack or platform file is code run as root: refuse one another user could have changed.
        var untrusted = loaded.sourceName.hasPrefix("<builtin>/") ? [] : CodeFileTrust.problems(loaded.sourceName, what: "pack file")
        for p in loadedInventory.loadedPlatforms { if let path = p.path { untrusted += CodeFileTrust.problems(path, what: "platform file") } }
        if !untrusted.isEmpty { throw CLIFailure(untrusted, code: UpshiftExit.refused) }
        var answers: String?
        if let file = inventory.secrets?.answerFile { answers = try InputFiles.readText(file) }
        return ExecuteInputs(plan: plan, planHash: planHash, inventory: inventory, pack: loaded.pack, packText: loaded.text,
                             platforms: loadedInventory.loadedPlatforms, answerFile: answers,
                             sshConfig: options.sshConfig ?? remembered?.sshConfig ?? InventorySSH.config(of: inventory, inventoryPath: invPath),
                             sshMode: sshMode(options: options, remembered: remembered),
                             sshPersist: options.sshPersist ?? remembered?.sshPersist,
                             sshTuning: tuning(options: options, remembered: remembered))
    }

    /// The flags given, else what apply used.
    static func tuning(options: InputOptions, remembered: RememberedInputs?) -> SSHTuning {
        var t = options.ssh
        if t.sshOptions.isEmpty { t.sshOptions = remembered?.sshOptions ?? [] }
        if t.connectTimeout == nil { t.connectTimeout = remembered?.connectTimeout }
        return t
    }

    /// `--ssh-mode` when given, else the mode apply used (remembered), else `session`.
    static func sshMode(options: InputOptions, remembered: RememberedInputs?) -> SSHModeArgument {
        options.sshMode ?? remembered?.sshMode.flatMap(SSHModeArgument.init(rawValue:)) ?? .session
    }

    var platformSet: PlatformSet { PlatformSet(platforms.map(\.platform)) }

    /// The real performer over the wired transport.
    func performer() throws -> TransportStepPerformer {
        TransportStepPerformer(inventory: inventory, pack: pack, transport: try ExecuteWiring.transport(for: inventory, sshConfig: sshConfig, mode: sshMode, persist: sshPersist, tuning: sshTuning),
                               renderer: PlanCommandRendering(inventory: inventory, pack: pack, platforms: platformSet),
                               configEditor: ExecuteWiring.configEditor(pack: pack),
                               secrets: secrets)
    }

    /// The secrets of this run: the environment, then the inventory's Packstack answer file.
    var secrets: SecretStore { SecretStore(environment: ProcessInfo.processInfo.environment, answerFile: answerFile) }

    /// Before the first step: every `{{secret:NAME}}` the plan writes must resolve, else exit 2
    /// naming each missing secret (its name, never a value) and the first step that needs it.
    func requireSecrets() throws(CLIFailure) {
        let missing = secrets.missing(for: plan, pack: pack)
        guard !missing.isEmpty else { return }
        throw CLIFailure(missing.map { m in
            Diagnostic(id: "apply.secret-missing", severity: .error,
                       summary: "secret \(m.name) is not set; step \(m.step) writes it to \(m.option)",
                       fix: m.fix)
        } + [Diagnostic(id: "apply.secrets", severity: .error, summary: "nothing was run: the plan needs secrets that no source provides")],
        code: UpshiftExit.checkFailed)
    }
}

/// Sinks, the confirmer and Ctrl-C for a command that runs units.
enum ExecuteSession {
    /// `sink`, and the metrics file kept current beside it when one is asked for.
    static func withMetrics(_ path: String?, plan: Plan, resumed: RunReport?, _ sink: any EventSink) -> any EventSink {
        guard let path else { return sink }
        return FanOutEventSink([sink, MetricsFileSink(path: path, plan: plan, resumed: resumed)])
    }

    /// `done`: units a resumed run already settled, so its counter goes on from there.
    static func sink(json: Bool, total: Int, done: Int = 0) -> any EventSink {
        if json { return JSONLinesEventSink { write(1, $0) } }
        return ConsoleEventSink(total: total, done: done, live: Console.stderrIsTTY, timestamps: true) { write(2, $0) }
    }

    /// Best-effort output: a reader that went away (`| head`) must not stop an upgrade mid-step,
    /// so SIGPIPE is ignored while units run and write errors are dropped.
    static func write(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Ctrl-C while nothing has run yet (apply's pre-run discovery, which only reads): stop at once.
    static func interruptStopsNow(_ cancel: @escaping @Sendable () -> Void) {
        InterruptRoute.shared.route(cancel)
    }

    /// First Ctrl-C: start nothing new and let running commands finish. Second: cancel them (recorded interrupted).
    static func interruptLetsStepsFinish(_ flag: InterruptFlag, cancel: @escaping @Sendable () -> Void) {
        let presses = InterruptFlag()
        InterruptRoute.shared.route {
            if presses.isRequested { cancel(); return }
            presses.request(); flag.request()
            Console.err("\nCtrl-C: letting running steps finish (Ctrl-C again to stop them now)...")
        }
    }

    /// From here a Ctrl-C is ignored (the transport's shutdown, bounded by its own timeouts).
    static func interruptIgnored() { InterruptRoute.shared.route(nil) }

    /// The end of a command that ran units: notifications still queued get up to 10 s to be
    /// delivered (what is left is dropped and journaled), then the connections close.
    static func end(_ performer: TransportStepPerformer, _ notifier: WebhookNotifier?) async {
        await notifier?.finish(within: .seconds(10))
        await performer.transport.shutdown()
    }
}

/// Where a Ctrl-C goes. One SIGINT source for the whole process, made on first use: libdispatch on
/// Linux installs its own SIGINT handler once per process, when the first signal source for SIGINT is
/// made, and never again; the `signal(SIGINT, SIG_IGN)` a second source needs replaced that handler,
/// and every later Ctrl-C was dropped (found when apply's discovery got a source of its own). So the
/// source is made once and what a Ctrl-C does is routed to the current handler.
final class InterruptRoute: @unchecked Sendable {
    // Invariant: `handler` and `source` are read and written only while holding `lock`.
    static let shared = InterruptRoute()
    private let lock = NSLock()
    private var handler: (@Sendable () -> Void)?
    private var source: (any DispatchSourceSignal)?

    /// Routes Ctrl-C to `handler` and returns the handler it replaces (to put it back).
    @discardableResult
    func swap(_ handler: (@Sendable () -> Void)?) -> (@Sendable () -> Void)? {
        let old = lock.withLock { self.handler }
        route(handler)
        return old
    }

    func route(_ handler: (@Sendable () -> Void)?) {
        lock.withLock {
            self.handler = handler
            guard source == nil else { return }
            // Ignored by default so the terminal's Ctrl-C does not kill upshift; the source still sees it.
            signal(SIGINT, SIG_IGN)
            signal(SIGPIPE, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
            s.setEventHandler { [self] in lock.withLock { self.handler }?() }
            s.resume()
            source = s
        }
    }
}

