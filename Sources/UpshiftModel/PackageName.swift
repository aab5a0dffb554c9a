/// Package names and globs as a pack or plan may give them to a package manager (yum, apt, pip:
/// `nova==31.3.1`, `setuptools<81`; every name is shell-quoted when rendered).
///
/// A name starting with `-` would reach the package manager as an option (`--setopt=…`), so it is
/// refused where packs and plans are read; the rendered commands also end options with `--`.
public enum PackageName {
    static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-*?[]:~=<>!,")

    /// Whether `name` is a package name, glob or pip requirement (`openstack-nova-*`, `nova==31.3.1`).
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.first, first != "-" else { return false }
        return name.allSatisfy { allowed.contains($0) }
    }

    /// Why `name` is refused, for a diagnostic.
    public static func problem(_ name: String) -> String? {
        guard !isValid(name) else { return nil }
        if name.hasPrefix("-") { return "package '\(name)' starts with '-' and would be read as an option" }
        return "package '\(name)' may hold only letters, digits and . _ + - * ? [ ] : ~ = < > ! ,"
    }
}
