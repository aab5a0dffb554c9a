/// Line splitting that agrees with every shell, INI reader and file on the hosts.
///
/// Swift reads "\r\n" as ONE Character, so `text.split(separator: "\n")` never splits a CRLF text
/// (a CRLF nova.conf would be one line). Lines here are split at each LF *scalar*, and one CR just
/// before the LF is dropped, so LF and CRLF texts give the same lines. Use this (or bytes)
/// wherever a line of text from a host, an operator's file or a command is counted.
extension StringProtocol {
    /// The lines of the text, split at every LF scalar, a CR before the LF removed. Like
    /// `split(separator:omittingEmptySubsequences:)`: "a\n" gives ["a", ""] unless `omittingEmpty`.
    public func scalarLines(omittingEmpty: Bool = false) -> [Substring] {
        let scalars = Substring(self).unicodeScalars
        var out: [Substring] = []
        var start = scalars.startIndex, i = scalars.startIndex
        func add(_ end: Substring.UnicodeScalarView.Index) {
            var stop = end
            if stop > start, scalars[scalars.index(before: stop)] == "\r" { stop = scalars.index(before: stop) }
            if !(omittingEmpty && stop == start) { out.append(Substring(scalars[start..<stop])) }
        }
        while i < scalars.endIndex {
            if scalars[i] == "\n" { add(i); start = scalars.index(after: i) }
            i = scalars.index(after: i)
        }
        add(scalars.endIndex)
        return out
    }

    /// How many lines a shell reading this text with `read` sees: LF bytes plus one.
    public var lineFeedCount: Int { utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
}
