import Testing
@Test func placeholderUpshiftExecutionTests() { #expect(Bool(true)) }
