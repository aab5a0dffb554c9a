/// Serializes an `EncodedJSON` tree the way Foundation's `JSONWriter` does with pretty printing,
/// sorted keys (by UTF-8 bytes) and unescaped slashes: two-space indent, `"key" : value`, empty
/// containers as `[\n\n]` and `{\n\n}`, control characters escaped as `\n`-style or `\u00XX`.
struct PrettyJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var indent = 0

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

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

    mutating func newline() { bytes.append(0x0A) }

    private mutating func newlineAndIndent() {
        bytes.append(0x0A)
        if indent > 0 { bytes.append(contentsOf: repeatElement(0x20, count: 2 * indent)) }
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

    private mutating func object(_ members: [(key: String, value: EncodedJSON)]) {
        bytes.append(UInt8(ascii: "{"))
        indent += 1
        if members.isEmpty { bytes.append(0x0A) }
        // By key (UTF-8 bytes), then in encoding order: of a key encoded twice the last one is written.
        let sorted = members.indices.sorted { a, b in
            let ka = members[a].key.utf8, kb = members[b].key.utf8
            return ka.elementsEqual(kb) ? a < b : ka.lexicographicallyPrecedes(kb)
        }
        var first = true
        for (n, i) in sorted.enumerated() {
            let (key, value) = members[i]
            if n + 1 < sorted.count, members[sorted[n + 1]].key == key { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
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
        // Most strings (ids, host names, commands) need no escape: copy them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            bytes.append(contentsOf: s.utf8)
            bytes.append(0x22)
            return
        }
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
