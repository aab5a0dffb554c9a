/// An `Encoder` that writes what Foundation's `JSONEncoder` writes with `[.prettyPrinted,
/// .sortedKeys, .withoutEscapingSlashes]`, byte for byte, for the shapes plans are made of
/// (objects, arrays, strings, integers, booleans, null). It goes through the types' own
/// `Encodable` conformances, so fields added to the model are written without changes here.
/// On anything else (floating point, super encoders) it reports failure and `PlanCodec` uses
/// `JSONEncoder`. Encoding a 10,000-host plan this way costs a fraction of `JSONEncoder`.
enum PrettyJSONEncoder {
    /// The JSON text of `value` (with a final newline if asked), or nil when a fallback is needed.
    /// `capacity`: the bytes to reserve for the text (a plan's is about 1 kB a step).
    static func encode<T: Encodable>(_ value: T, finalNewline: Bool = false, capacity: Int = 0) -> String? {
        let root = ValueEncoder(failed: FailureFlag())
        do { try value.encode(to: root) } catch { return nil }
        guard !root.failed.value, let tree = root.value else { return nil }
        var writer = PrettyJSONWriter(capacity: capacity)
        writer.write(tree)
        if finalNewline { writer.newline() }
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// A value being encoded: containers are reference types so nested containers can fill them later.
enum EncodedJSON {
    case string(String), number(String), bool(Bool), null
    case array(EncodedArray), object(EncodedObject)
}
final class EncodedArray { var items: [EncodedJSON] = [] }
/// An object's members in the order they were encoded (the writer sorts them; a key encoded twice keeps its last value).
final class EncodedObject {
    private(set) var members: [(key: String, value: EncodedJSON)] = []
    func set(_ key: String, _ value: EncodedJSON) { members.append((key, value)) }
}
final class FailureFlag { var value = false }

private struct Unsupported: Error {}

final class ValueEncoder: Encoder {
    /// Coding paths are not tracked (nothing here reports errors by path); always empty.
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    var value: EncodedJSON?
    let failed: FailureFlag

    init(failed: FailureFlag) { self.failed = failed }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: EncodedObject
        if case .object(let existing)? = value { object = existing } else { object = EncodedObject(); value = .object(object) }
        return KeyedEncodingContainer(KeyedJSONContainer<Key>(object: object, failed: failed))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: EncodedArray
        if case .array(let existing)? = value { array = existing } else { array = EncodedArray(); value = .array(array) }
        return UnkeyedJSONContainer(array: array, failed: failed)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleJSONContainer(encoder: self) }

    /// Encodes a nested value with its own encoder.
    static func box<T: Encodable>(_ v: T, failed: FailureFlag) throws -> EncodedJSON {
        let e = ValueEncoder(failed: failed)
        try v.encode(to: e)
        // A type that encodes nothing is an empty object, as with JSONEncoder.
        return e.value ?? .object(EncodedObject())
    }
}

struct KeyedJSONContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: EncodedObject
    let failed: FailureFlag
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { object.set(key.stringValue, .null) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(key.stringValue, .number(String(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw Unsupported() }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw Unsupported() }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(key.stringValue, try ValueEncoder.box(value, failed: failed))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject()
        object.set(key.stringValue, .object(nested))
        return KeyedEncodingContainer(KeyedJSONContainer<NestedKey>(object: nested, failed: failed))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        object.set(key.stringValue, .array(nested))
        return UnkeyedJSONContainer(array: nested, failed: failed)
    }
    mutating func superEncoder() -> any Encoder { failed.value = true; return ValueEncoder(failed: failed) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder() }
}

struct UnkeyedJSONContainer: UnkeyedEncodingContainer {
    let array: EncodedArray
    let failed: FailureFlag
    var codingPath: [any CodingKey] { [] }
    var count: Int { array.items.count }

    mutating func encodeNil() throws { array.items.append(.null) }
    mutating func encode(_ value: String) throws { array.items.append(.string(value)) }
    mutating func encode(_ value: Bool) throws { array.items.append(.bool(value)) }
    mutating func encode(_ value: Int) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { array.items.append(.number(String(value))) }
    mutating func encode(_ value: Double) throws { throw Unsupported() }
    mutating func encode(_ value: Float) throws { throw Unsupported() }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.items.append(try ValueEncoder.box(value, failed: failed))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = EncodedObject()
        array.items.append(.object(nested))
        return KeyedEncodingContainer(KeyedJSONContainer<NestedKey>(object: nested, failed: failed))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = EncodedArray()
        array.items.append(.array(nested))
        return UnkeyedJSONContainer(array: nested, failed: failed)
    }
    mutating func superEncoder() -> any Encoder { failed.value = true; return ValueEncoder(failed: failed) }
}

struct SingleJSONContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.value = .null }
    mutating func encode(_ value: String) throws { encoder.value = .string(value) }
    mutating func encode(_ value: Bool) throws { encoder.value = .bool(value) }
    mutating func encode(_ value: Int) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: Int8) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: Int16) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: Int32) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: UInt) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.value = .number(String(value)) }
    mutating func encode(_ value: Double) throws { throw Unsupported() }
    mutating func encode(_ value: Float) throws { throw Unsupported() }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.value = try ValueEncoder.box(value, failed: encoder.failed)
    }
}
