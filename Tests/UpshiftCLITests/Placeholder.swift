import Testing
@Test func placeholderUpshiftCLITests() { #expect(Bool(true)) }
