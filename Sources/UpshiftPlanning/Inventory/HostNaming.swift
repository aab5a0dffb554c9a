import UpshiftModel

/// How imported hosts are named. An answer file holds only addresses, so the name is derived
/// from the address, stably (re-importing gives the same names, so plans and journals match):
/// - an IPv4 address `192.0.2.10` becomes `host-192-0-2-10`;
/// - an IPv6 address `2001:db8::1` becomes `host-2001-db8--1`;
/// - a DNS name is kept as written, lower-cased (`ctl1.example.com`).
public enum HostNaming {
    /// The inventory host name for an address from an answer file.
    public static func name(forAddress address: String) -> HostName {
        let isIPv4 = address.split(separator: ".").count == 4 && address.allSatisfy { $0.isNumber || $0 == "." }
        if isIPv4 || address.contains(":") {
            return HostName("host-" + address.lowercased().map { $0 == "." || $0 == ":" ? "-" : String($0) }.joined())
        }
        return HostName(address.lowercased())
    }

    /// An inventory name from a file path: its base name without extension (`answers.txt` → `answers`).
    public static func inventoryName(fromPath path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let stem = base.split(separator: ".").first.map(String.init) ?? base
        return stem.isEmpty ? "cloud" : stem
    }
}
