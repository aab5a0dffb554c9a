import Foundation
import UpshiftModel

/// The whole emulated cloud as one value. It is stored as one document (see `LabStore`), so every
/// command sees a consistent cloud, in-process or behind sshd, before and after an Upshift restart.
public struct LabState: Codable, Sendable, Hashable {
    /// Emulated durations (vif_plugging_timeout, schema syncs) are multiplied by this (e.g. 0.01).
    public var timeFactor: Double
    /// Every host, controllers first.
    public var hosts: [LabHost]
    /// Database name (`nova`) → schema version as its version command prints it (`216`, `havana`).
    public var databases: [String: String]
    /// Every Nova instance (deleted ones are removed).
    public var instances: [LabInstance]
    /// Injected faults (`lab fault add`).
    public var faults: [LabFault]
    /// Keystone's `services` tenant id; neutron's `nova_admin_tenant_id` must equal it.
    public var servicesTenantID: String
    /// The passwords the lab generated (marker values, never printed by the lab).
    public var secrets: [String: String]
    /// Whether an Icehouse nova-api pinned to `compute=icehouse-compat` fails to forward events
    /// (reference §3.3 #7, derived and unconfirmed; on by default, as the brief asks).
    public var pinnedAPIBlocksEvents: Bool
    /// A counter for ids and pids that must be unique within the lab.
    public var serial: Int
    /// Nova services disabled in the scheduler: `host/binary` → reason (`nova service-disable`).
    public var disabledServices: [String: String] = [:]
    /// Database → tables whose collation is not utf8 (Icehouse glance refuses to sync then, §2.3).
    public var nonUTF8Tables: [String: [String]] = [:]
    /// Command lines that carried one of the lab's secrets (redacted): secrets must only travel on stdin.
    public var secretLeaks: [String] = []

    /// `text` with every lab secret replaced by `<redacted:NAME>`.
    public func redacted(_ text: String) -> String {
        secrets.sorted { $0.key < $1.key }.reduce(text) { $0.replacingOccurrences(of: $1.value, with: "<redacted:\($1.key)>") }
    }

    /// A cloud; usually built by `LabBuilder.makeState`.
    public init(timeFactor: Double, hosts: [LabHost], databases: [String: String], servicesTenantID: String,
                secrets: [String: String], pinnedAPIBlocksEvents: Bool = true) {
        self.timeFactor = timeFactor; self.hosts = hosts; self.databases = databases; self.instances = []
        self.faults = []; self.servicesTenantID = servicesTenantID; self.secrets = secrets
        self.pinnedAPIBlocksEvents = pinnedAPIBlocksEvents; self.serial = 1000
    }

    /// The index of the host with this inventory name.
    public func hostIndex(_ name: String) -> Int? { hosts.firstIndex { $0.name == name } }
    /// The index of the host with this loopback address.
    public func hostIndex(address: String) -> Int? { hosts.firstIndex { $0.address == address } }
    /// The host with this inventory name.
    public func host(_ name: String) -> LabHost? { hostIndex(name).map { hosts[$0] } }

    /// A fresh number (pids, instance names).
    public mutating func nextSerial() -> Int { serial += 1; return serial }
}

/// One emulated host: OS, packages, daemons, files.
public struct LabHost: Codable, Sendable, Hashable {
    /// Inventory name (`ctl-01`).
    public var name: String
    /// Loopback address sshd listens on for this host.
    public var address: String
    /// Base OS: decides SysV or systemd.
    public var os: BaseOS
    /// Roles (`controller`, `storage`, `network`, `compute`); the first decides what is installed.
    public var roles: [String]
    /// Package name → `VERSION-RELEASE`.
    public var packages: [String: String]
    /// Daemon (init script / unit) name → its state.
    public var daemons: [String: LabDaemon]
    /// Absolute path → file (directories are implicit).
    public var files: [String: LabFile]
    /// What `hostname` prints when it differs from the inventory name (an FQDN); nil: the name.
    public var hostname: String?

    /// An empty host.
    public init(name: String, address: String, os: BaseOS, roles: [String]) {
        self.name = name; self.address = address; self.os = os; self.roles = roles
        self.packages = [:]; self.daemons = [:]; self.files = [:]
    }

    /// The `VERSION` part of an installed package.
    public func version(of package: String) -> String? {
        packages[package].map { String($0.split(separator: "-").first ?? "") }
    }
    /// Whether a running, healthy daemon of this name exists here.
    public func isUp(_ daemon: String) -> Bool { daemons[daemon]?.state == .running }
    /// The name a nova service on this host registers under: `[DEFAULT] host` as it read nova.conf at
    /// start, else socket.gethostname() (nova@2014.1 and nova@2013.2.3 nova/netconf.py `host` default).
    public func novaName(_ daemon: String) -> String {
        if let h = daemons[daemon]?.config["DEFAULT/host"], !h.isEmpty { return h }
        return hostname ?? name
    }
}

/// A daemon (init script / systemd unit) and the code and config it was started with.
public struct LabDaemon: Codable, Sendable, Hashable {
    /// `failed` is a daemon that died or misbehaves (status reports it dead).
    public enum State: String, Codable, Sendable { case running, stopped, failed }
    /// Running, stopped or failed.
    public var state: State
    /// Started at boot (`chkconfig on` / `systemctl enable`); `openstack-service` acts on enabled ones.
    public var enabled: Bool
    /// The pid `service status` prints while running.
    public var pid: Int?
    /// The release of the code it runs (`havana`/`icehouse`), fixed when it started.
    public var code: String?
    /// The package version it runs (`2013.2.3`), fixed when it started.
    public var codeVersion: String?
    /// Its main config file as it was when it started (`section/key` → value): config is read at start.
    public var config: [String: String]
    /// The last failure message (what its log would say).
    public var lastError: String?

    /// A daemon that has not started yet.
    public init(state: State = .stopped, enabled: Bool = true) {
        self.state = state; self.enabled = enabled; self.config = [:]
    }
}

/// A file on an emulated host.
public struct LabFile: Codable, Sendable, Hashable {
    /// The text.
    public var content: String
    /// Octal mode (`0640`).
    public var mode: String
    /// Owning user.
    public var owner: String
    /// Owning group.
    public var group: String
    /// A symbolic link: the path it points to (absolute, or relative to the link's directory);
    /// `content`, `mode` and owners are then unused. Only files are linked (directories are not modelled).
    public var link: String?
    /// A file.
    public init(_ content: String, mode: String = "0640", owner: String = "root", group: String = "root") {
        self.content = content; self.mode = mode; self.owner = owner; self.group = group
    }
}

/// A Nova instance. Its visible status is computed from the clock: `BUILD` until `readyAt`, then `outcome`.
public struct LabInstance: Codable, Sendable, Hashable {
    /// The server id (UUID-shaped).
    public var id: String
    public var name: String
    /// The compute it was scheduled to (`nil`: none was found).
    public var host: String?
    /// Flavor name.
    public var flavor: String
    /// Image name.
    public var image: String
    /// When `nova boot` ran (lab clock).
    public var createdAt: Double
    /// When the build ends (lab clock).
    public var readyAt: Double
    /// `ACTIVE` or `ERROR` once `readyAt` has passed.
    public var outcome: String
    /// Why it ended in ERROR.
    public var fault: String?
    /// Nominal seconds the compute waited for network-vif-plugged (0 when it did not wait).
    public var vifWaitSeconds: Double
    /// Its fixed IP on `private`.
    public var address: String
    /// Lab-level observations (e.g. "security groups not wired: Havana neutron", §3.3 #8).
    public var notes: [String]
    /// A cold migration in flight (`nova migrate`), until `nova resize-confirm`.
    public var migration: LabMigration?

    /// The status the nova API reports at `now`.
    public func status(at now: Double) -> String {
        if let migration { return LabNovaMigration.status(migration, at: now).0 }
        return now < readyAt ? "BUILD" : outcome
    }
}

/// An injected fault. Faults are lab state, so the ssh path and the in-process path see the same ones.
public struct LabFault: Codable, Sendable, Hashable {
    /// What goes wrong.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case unreachable, commandFails = "command-fails", slowSync = "slow-sync"
        case installFailsHalfway = "install-fails-halfway"
        /// The command blocks for an hour (real time behind sshd), as a hung command does.
        case hangs
        /// A daemon ignores its stop (`--match` names it): a stop blocks for an hour, one under
        /// `timeout N` ends with 124 after N s; the daemon runs until it is killed.
        case stopHangs = "stop-hangs"
    }
    /// The lab host it applies to.
    public var host: String
    /// What goes wrong.
    public var kind: Kind
    /// Only commands whose text contains this are affected (`nil`: all).
    public var match: String?
    /// A fault on one host.
    public init(host: String, kind: Kind, match: String? = nil) { self.host = host; self.kind = kind; self.match = match }

    /// Whether this fault applies to a command line on a host.
    public func applies(host: String, command: String) -> Bool {
        self.host == host && (match.map { command.contains($0) } ?? true)
    }
}
