import Testing
@Test func placeholderUpshiftLabTests() { #expect(Bool(true)) }
