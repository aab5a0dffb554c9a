/// A string-backed identifier with its own type, so a host name is never passed where a service
/// name is expected. Encodes as a bare JSON/YAML string.
public protocol StringIdentifier: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible where RawValue == String {
    init(_ raw: String)
}

extension StringIdentifier {
    public init(rawValue: String) { self.init(rawValue) }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// The inventory name of a host (`ctl-01`), not its address.
public struct HostName: StringIdentifier { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
/// A pack service (component) such as `nova` or `neutron`.
public struct ServiceName: StringIdentifier { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
/// A system service unit / init script such as `openstack-nova-api`.
public struct DaemonName: StringIdentifier { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
/// A host role such as `controller` or `compute`; the pack defines which exist.
public struct RoleName: StringIdentifier { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
/// An OpenStack release series such as `havana`.
public struct ReleaseName: StringIdentifier { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
/// A plan phase such as `nova-controllers`.
public struct PhaseID: StringIdentifier { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
/// A step id that reads as a path (`nova/db-sync@ctl-01`, `computes/upgrade@batch-02`).
public struct StepID: StringIdentifier { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
/// A database name as the pack and the DB server know it (`nova`).
public struct DatabaseName: StringIdentifier { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
