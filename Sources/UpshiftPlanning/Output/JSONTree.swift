/// A small strict JSON reader for plan files: objects keep their keys in order, numbers must be
/// integers. It returns nil on anything it does not accept (including valid JSON it does not
/// handle, such as fractions or a duplicated key); callers then fall back to Foundation's decoder,
/// whose diagnostics stay the reference. Reading a 5 MB plan this way costs a fraction of
/// `JSONDecoder`, which a 10,000-host `check --plan` used to spend a fifth of its time in.
indirect enum JSONTree: Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONTree])
    case object([(String, JSONTree)])

    static func == (a: JSONTree, b: JSONTree) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Parses `text`; nil when it is not JSON this reader accepts.
    static func parse(_ text: String) -> JSONTree? {
        var copy = text
        return copy.withUTF8 { buffer -> JSONTree? in
            var p = JSONByteParser(bytes: buffer)
            guard let value = p.value(depth: 0) else { return nil }
            p.skipSpace()
            return p.at == buffer.count ? value : nil
        }
    }
}

private struct JSONByteParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard at + n <= bytes.count else { return false }
        for i in 0..<n where bytes[at + i] != word.utf8Start[i] { return false }
        at += n
        return true
    }

    mutating func value(depth: Int) -> JSONTree? {
        skipSpace()
        guard at < bytes.count, depth < 64 else { return nil }
        switch bytes[at] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(JSONTree.string)
        case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return literal("null") ? .null : nil
        default: return integer()
        }
    }

    mutating func object(depth: Int) -> JSONTree? {
        at += 1
        var members: [(String, JSONTree)] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return nil }
            at += 1
            guard let v = value(depth: depth + 1), !members.contains(where: { $0.0 == key }) else { return nil }
            members.append((key, v))
            skipSpace()
            guard at < bytes.count else { return nil }
            if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
            if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            return nil
        }
    }

    mutating func array(depth: Int) -> JSONTree? {
        at += 1
        var items: [JSONTree] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
        while true {
            guard let v = value(depth: depth + 1) else { return nil }
            items.append(v)
            skipSpace()
            guard at < bytes.count else { return nil }
            if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
            if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            return nil
        }
    }

    /// An optionally negative decimal integer without fraction or exponent that fits an Int.
    mutating func integer() -> JSONTree? {
        let start = at
        if bytes[at] == UInt8(ascii: "-") { at += 1 }
        let digits = at
        while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") { at += 1 }
        guard at > digits, at - digits < 19, bytes[digits] != UInt8(ascii: "0") || at - digits == 1 else { return nil }
        if at < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[at]) { return nil }
        var n = 0
        for i in digits..<at { n = n * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
        return .int(bytes[start] == UInt8(ascii: "-") ? -n : n)
    }

    /// A string without escapes is copied in one go; simple escapes are decoded; `\u` escapes
    /// and control characters make the reader give up (the fallback handles them).
    mutating func string() -> String? {
        at += 1
        var out: [UInt8] = []
        var runStart = at
        while at < bytes.count {
            let b = bytes[at]
            if b == UInt8(ascii: "\"") {
                let text: String
                if out.isEmpty { text = decode(runStart..<at) } else { out += bytes[runStart..<at]; text = String(decoding: out, as: UTF8.self) }
                at += 1
                return text  // The input is a Swift string, so slices between ASCII quotes are valid UTF-8.
            }
            if b < 0x20 { return nil }
            if b == UInt8(ascii: "\\") {
                out += bytes[runStart..<at]
                at += 1
                guard at < bytes.count else { return nil }
                switch bytes[at] {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                default: return nil
                }
                at += 1
                runStart = at
                continue
            }
            at += 1
        }
        return nil
    }

    func decode(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
