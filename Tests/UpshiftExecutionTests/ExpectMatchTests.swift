import Testing
import UpshiftModel
import UpshiftPlanning
@testable import UpshiftExecution

/// A polled health check's `expect`: every word must be a word of one output line, whether the line
/// is a client's table row or a plain query answer. The plain form was never matched before (a real
/// Nova's `select concat(state, ' ', version)` printed `up 68` and the wait timed out after 300 s).
@Suite struct ExpectMatchTests {
    func poll(_ expect: String) -> RenderedCommand {
        RenderedCommand(host: HostName("ctl-01"), script: "true", kind: .poll(timeout: .seconds(1)), expect: expect)
    }

    @Test func aPlainLineHoldsItsWords() {
        #expect(TransportStepPerformer.holds(poll("up 68"), "up 68\n"))
        #expect(TransportStepPerformer.holds(poll("up 68"), "down 67\nup 68"))
        #expect(!TransportStepPerformer.holds(poll("up 68"), "up 67\n"))
        #expect(!TransportStepPerformer.holds(poll("up 68"), "down 68\n"))
        #expect(!TransportStepPerformer.holds(poll("up 68"), "up 680\n"))
    }

    @Test func aTableRowHoldsItsCells() {
        let row = "| nova-compute | cmp-01 | nova | enabled | up | 2014-05-01 |"
        #expect(TransportStepPerformer.holds(poll("enabled up"), row))
        #expect(!TransportStepPerformer.holds(poll("enabled up"), "| nova-compute | cmp-01 | nova | disabled | up |"))
        #expect(!TransportStepPerformer.holds(poll("enabled up"), "| nova-compute | cmp-01 | nova | enabled | down |"))
    }

    @Test func wordsMustShareOneLine() {
        #expect(!TransportStepPerformer.holds(poll("enabled up"), "| enabled | down |\n| disabled | up |"))
    }
}
