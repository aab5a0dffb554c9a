import Yams

/// Writes values as YAML (for generated pack sections).
public enum YAMLText {
    /// `key:` followed by the value as a block, ending with a newline.
    public static func section<T: Encodable>(_ key: String, _ value: T) -> String {
        (try? YAMLEncoder().encode([key: value])) ?? "\(key): null\n"
    }
}
