/// A coding key made from any string: for types whose JSON or YAML keys are partly data (a pack's
/// plan options beside the engine's, a pack's cloud settings beside the inventory's own).
struct DynamicCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
