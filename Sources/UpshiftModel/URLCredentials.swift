/// The password of `scheme://user:password@host` URLs in free text, for every masker.
///
/// The authority runs to the LAST `@` before the next space, quote or line end, so a password
/// holding `/`, `:` or `@` (`mysql://nova:pa/ss@db/nova`) is masked whole; a URL without `@` there
/// (`http://host:8774/v2`) is left as it is.
public enum URLCredentials {
    /// `text` with each URL password replaced by `mask`.
    public static func mask(_ text: String, with mask: String) -> String {
        guard text.contains("://") else { return text }
        var out = "", rest = Substring(text)
        while let scheme = rest.firstRange(of: "://") {
            out += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let end = rest.firstIndex { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\"" || $0 == "'" } ?? rest.endIndex
            let segment = rest[..<end]
            guard let at = segment.lastIndex(of: "@"), let colon = segment[..<at].firstIndex(of: ":") else { continue }
            out += segment[...colon] + mask + segment[at...]
            rest = rest[end...]
        }
        return out + rest
    }
}
