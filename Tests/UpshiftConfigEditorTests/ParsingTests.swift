import Testing
import UpshiftConfigEditor
import UpshiftModel

@Suite("oslo.config parsing rules and bad input")
struct ParsingTests {
    static let edgeText = """
    # leading comment
    ; semicolon comment
    [DEFAULT]
    a = 1
    b=2
    c :3
    d = "quoted"
    e = 'x'
    multi = first
        second
    \tthird

    dup = one
    dup = two
    url = a=b:c
    empty =
    [Sect]
    k = v
    [sect]
    k = w
    """

    @Test("keys, separators, quotes, continuation lines and duplicates follow iniparser")
    func edgeRules() throws {
        let doc = try ConfigDocument.parse(text: Self.edgeText, sourceName: "edge.conf")
        func v(_ s: String, _ k: String) -> [String] { doc.values(of: OptionRef(section: s, key: k)) }
        #expect(v("DEFAULT", "a") == ["1"])
        #expect(v("DEFAULT", "b") == ["2"])
        #expect(v("DEFAULT", "c") == ["3"])
        #expect(v("DEFAULT", "d") == ["quoted"])
        #expect(v("DEFAULT", "e") == ["x"])
        #expect(v("DEFAULT", "multi") == ["first\nsecond\nthird"])
        #expect(v("DEFAULT", "dup") == ["one", "two"])
        #expect(doc.value(of: OptionRef(section: "DEFAULT", key: "dup")) == "two")
        #expect(v("DEFAULT", "url") == ["a=b:c"])
        #expect(v("DEFAULT", "empty") == [""])
        #expect(v("SECT", "k") == ["v", "w"])
        #expect(doc.render() == Self.edgeText)
    }

    @Test("CRLF endings and a missing final newline survive the round trip")
    func lineEndings() throws {
        let text = "[DEFAULT]\r\na = 1\r\nb = 2"
        let doc = try ConfigDocument.parse(text: text, sourceName: "crlf.conf")
        #expect(doc.render() == text)
        #expect(doc.value(of: OptionRef(section: "DEFAULT", key: "b")) == "2")
        var edited = doc
        try edited.set(OptionRef(section: "DEFAULT", key: "c"), to: "3")
        #expect(edited.render() == "[DEFAULT]\r\na = 1\r\nb = 2\r\nc = 3")
    }

    @Test("empty file and comment-only file parse", arguments: ["", "# only\n", "\n\n"])
    func trivial(text: String) throws {
        let doc = try ConfigDocument.parse(text: text, sourceName: "t.conf")
        #expect(doc.render() == text)
        #expect(doc.entries.isEmpty)
    }

    @Test("bad input is an error naming file and line", arguments: [
        ("a = 1\n[DEFAULT]\n", 1, "config.key-before-section"),
        ("[DEFAULT]\na = 1\n[nova\n", 3, "config.unterminated-section"),
        ("[DEFAULT]\n\n  indented\n", 3, "config.syntax"),
        ("[DEFAULT]\nnot an assignment\n", 2, "config.syntax"),
        ("[DEFAULT]\n = v\n", 2, "config.syntax"),
        ("[]\n", 1, "config.syntax"),
        ("[DEFAULT]\na = 1\nb = \u{0}\u{1}\n", 3, "config.binary"),
    ])
    func badInput(text: String, line: Int, id: String) {
        #expect {
            _ = try ConfigDocument.parse(text: text, sourceName: "bad.conf")
        } throws: { error in
            guard let e = error as? InputError, let d = e.diagnostics.first else { return false }
            return d.id == id && d.subject.location == SourceLocation(file: "bad.conf", line: line) && d.severity == .error
        }
    }

    @Test("non-UTF-8 bytes are rejected with the line number")
    func nonUTF8() {
        let bytes = Array("[DEFAULT]\na = 1\n".utf8) + [0x62, 0x20, 0x3D, 0x20, 0xFF, 0xFE, 0x0A]
        #expect {
            _ = try ConfigDocument.parse(bytes: bytes, sourceName: "latin.conf")
        } throws: { error in
            (error as? InputError)?.diagnostics.first?.oneLine == "latin.conf:3: error: is not valid UTF-8 text [config.not-utf8]"
        }
    }

    @Test("a diagnostic never shows the value of the offending line")
    func noValueInDiagnostics() {
        #expect {
            _ = try ConfigDocument.parse(text: "admin_password = hunter2\n[DEFAULT]\n", sourceName: "s.conf")
        } throws: { error in
            let text = (error as? InputError)?.description ?? "hunter2"
            return !text.contains("hunter2") && text.contains("s.conf:1")
        }
    }
}
