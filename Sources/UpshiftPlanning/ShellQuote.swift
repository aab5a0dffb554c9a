/// POSIX shell quoting. Every value interpolated into a remote command goes through `quote`.
public enum ShellQuote {
    /// Characters that never need quoting in a POSIX shell word.
    private static let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")

    /// Quotes one word: unchanged when it only has safe characters, else wrapped in single quotes
    /// with embedded single quotes written as `'\''`. The empty string becomes `''`.
    public static func quote(_ word: String) -> String {
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }

    /// Quotes each word and joins them with spaces.
    public static func join(_ words: [String]) -> String { words.map(quote).joined(separator: " ") }
}

