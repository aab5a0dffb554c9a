import Crypto
import UpshiftModel

/// Content hashes that tie a saved plan to the inventory and pack it came from.
public enum InputHash {
    /// Lower-case hex SHA-256 of the UTF-8 bytes of `text`.
    public static func sha256(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }
    public static func ref(name: String, text: String) -> InputRef { InputRef(name: name, sha256: sha256(text)) }
}
