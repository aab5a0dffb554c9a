import Testing
@Test func placeholderUpshiftConfigEditorTests() { #expect(Bool(true)) }
