import Testing
import UpshiftModel
import UpshiftImport
@testable import UpshiftPlanning

/// Lines are counted in scalars: a CRLF text gives the same lines as its LF twin ("\r\n" is one
/// Swift Character, so splitting Characters at "\n" never splits it).
@Suite struct LineEndingTests {
    static func crlf(_ text: String) -> String { text.scalarLines().joined(separator: "\r\n") }

    @Test func scalarLinesSplitCRLFAndLFAlike() {
        #expect("a\r\nb\nc\r\n".scalarLines() == ["a", "b", "c", ""])
        #expect("a\r\n\r\nb".scalarLines(omittingEmpty: true) == ["a", "b"])
        #expect("one\r\nexit 7".lineFeedCount == 1 && "x".lineFeedCount == 0)
    }

    @Test(arguments: SharedData.answerFiles)
    func aCRLFAnswerFileImportsLikeItsLFTwin(file: String) throws {
        let text = try SharedData.text(file)
        let lf = try PackstackImporter.importInventory(text: text, sourceName: file)
        let crlf = try PackstackImporter.importInventory(text: Self.crlf(text), sourceName: file)
        #expect(!crlf.inventory.hosts.isEmpty)
        #expect(crlf.inventory == lf.inventory)
    }
}
