import Testing
@Test func placeholderUpshiftPlanningTests() { #expect(Bool(true)) }
