import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution

/// The HTML report opened in headless Chromium (Debian's `chromium`, installed by scripts/prereqs).
@Suite("The HTML report in a real browser")
struct ReportHTMLTests {
    /// `.build/test-output/ReportHTMLTests`: the page and its screenshot stay there for people to look at.
    static let outputDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/test-output/ReportHTMLTests")

    @Test("the page loads without console errors, shows every host and phase, fetches nothing, and is screenshotted")
    func inChromium() async throws {
        let r = try await ReportFixture.report()
        let html = ReportFormat.html.render(r)
        try FileManager.default.createDirectory(at: Self.outputDirectory, withIntermediateDirectories: true)
        let page = Self.outputDirectory.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)

        // Self-contained: no attribute or style points anywhere else.
        for reference in ["src=", "href=", "url(", "@import", "<script", "<link"] { #expect(!html.contains(reference), "\(reference) in the page") }

        let dom = try Chromium.run(["--dump-dom", page.absoluteString])
        #expect(dom.status == 0)
        #expect(Chromium.consoleMessages(dom.stderr).isEmpty, "console: \(Chromium.consoleMessages(dom.stderr))")
        for host in r.units.compactMap(\.host) { #expect(dom.stdout.contains(">\(host.rawValue)<"), "host \(host) missing") }
        for phase in r.phases { #expect(dom.stdout.contains(">\(phase.id.rawValue)<"), "phase \(phase.id) missing") }
        #expect(dom.stdout.contains("point of no return"))
        #expect(dom.stdout.contains("<svg"))

        let png = Self.outputDirectory.appendingPathComponent("report.png")
        try? FileManager.default.removeItem(at: png)
        let shot = try Chromium.run(["--screenshot=\(png.path)", "--window-size=1200,1500", "--hide-scrollbars", page.absoluteString])
        #expect(shot.status == 0)
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot \(png.path) is \(size) bytes")
    }

    @Test("the console check sees an error when a page has one (so the check above can fail)")
    func consoleCheckSeesErrors() throws {
        try FileManager.default.createDirectory(at: Self.outputDirectory, withIntermediateDirectories: true)
        let page = Self.outputDirectory.appendingPathComponent("console-error.html")
        try "<!DOCTYPE html><html><body><script>console.error('upshift-check')</script></body></html>".write(to: page, atomically: true, encoding: .utf8)
        let dom = try Chromium.run(["--dump-dom", page.absoluteString])
        #expect(Chromium.consoleMessages(dom.stderr).contains { $0.contains("upshift-check") })
    }
}

/// Runs headless Chromium with a throwaway profile and console messages logged to stderr.
enum Chromium {
    static func run(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["chromium", "--headless", "--disable-gpu", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
                       "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0"] + args
        // stderr to a file, stdout through a pipe read to its end: neither can fill up and block the browser.
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let errFile = profile.appendingPathComponent("stderr.log")
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let err = try FileHandle(forWritingTo: errFile)
        let out = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try err.close()
        let errText = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), errText)
    }

    /// Chromium logs each console message as `...:CONSOLE(line)] "message", source: ...`.
    static func consoleMessages(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
    }
}
