/// Serializes an `EncodedJSON` tree the way Foundation's `JSONWriter` does with pretty printing,
/// sorted keys (by UTF-8 bytes) and unescaped slashes: two-space indent, `"key" : value`, empty
/// containers as `[\n\n]` and `{\n\n}`, control characters escaped as `\n`-style or `\u00XX`.
struct PrettyJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var indent = 0

    mutating func write(_ value: EncodedJSON) {
        switch value {
        case .string(let s): string(s)
        case .number(let n): bytes += n.utf8
        case .bool(let b): bytes += (b ? "true" : "false").utf8
        case .null: bytes += "null".utf8
        case .array(let a): array(a.items)
        case .object(let o): object(o.members)
        }
    }

    private mutating func newlineAndIndent() {
        bytes.append(0x0A)
        for _ in 0..<indent { bytes.append(0x20); bytes.append(0x20) }
    }

    private mutating func array(_ items: [EncodedJSON]) {
        bytes.append(UInt8(ascii: "["))
        indent += 1
        if items.isEmpty { bytes.append(0x0A) }
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            newlineAndIndent()
            write(item)
        }
        indent -= 1
        newlineAndIndent()
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func object(_ members: [String: EncodedJSON]) {
        bytes.append(UInt8(ascii: "{"))
        indent += 1
        if members.isEmpty { bytes.append(0x0A) }
        let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (i, (key, value)) in sorted.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            newlineAndIndent()
            string(key)
            bytes += " : ".utf8
            write(value)
        }
        indent -= 1
        newlineAndIndent()
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func string(_ s: String) {
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x08: bytes += [0x5C, UInt8(ascii: "b")]
            case 0x0C: bytes += [0x5C, UInt8(ascii: "f")]
            case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
            case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
            case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
            case 0x00...0x1F: bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex(b >> 4), hex(b & 0xF)]
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }

    private func hex(_ v: UInt8) -> UInt8 { v < 10 ? v + 0x30 : v - 10 + UInt8(ascii: "a") }
}
