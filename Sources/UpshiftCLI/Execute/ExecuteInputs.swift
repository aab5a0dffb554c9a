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
    var answerFile: String?
    var sshConfig: String?
    /// How the transport reaches hosts (`--ssh-mode`).
    var sshMode: SSHModeArgument = .session
    /// `--ssh-persist`: seconds connections outlive the command, or nil.
    var sshPersist: Int?

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
        let inventory = try Inputs.inventory(invPath, pack: loaded.pack).inventory
        var answers: String?
        if let file = inventory.secrets?.answerFile { answers = try InputFiles.readText(file) }
        return ExecuteInputs(plan: plan, planHash: planHash, inventory: inventory, pack: loaded.pack, packText: loaded.text,
                             answerFile: answers, sshConfig: options.sshConfig ?? remembered?.sshConfig,
                             sshMode: sshMode(options: options, remembered: remembered),
                             sshPersist: options.sshPersist ?? remembered?.sshPersist)
    }

    /// `--ssh-mode` when given, else the mode apply used (remembered), else `session`.
    static func sshMode(options: InputOptions, remembered: RememberedInputs?) -> SSHModeArgument {
        options.sshMode ?? remembered?.sshMode.flatMap(SSHModeArgument.init(rawValue:)) ?? .session
    }

    /// The real performer over the wired transport.
    func performer() throws -> TransportStepPerformer {
        TransportStepPerformer(inventory: inventory, pack: pack, transport: try ExecuteWiring.transport(for: inventory, sshConfig: sshConfig, mode: sshMode, persist: sshPersist),
                               renderer: PlanCommandRendering(inventory: inventory, pack: pack),
                               configEditor: ExecuteWiring.configEditor(pack: pack),
                               secrets: SecretStore(environment: ProcessInfo.processInfo.environment, answerFile: answerFile))
    }
}

/// Sinks, the confirmer and Ctrl-C for a command that runs units.
enum ExecuteSession {
    static func sink(json: Bool, total: Int) -> any EventSink {
        if json { return JSONLinesEventSink { write(1, $0) } }
        return ConsoleEventSink(total: total, live: Console.stderrIsTTY) { write(2, $0) }
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

/// Asks on the terminal before the point of no return; without a terminal the answer is no.
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
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
