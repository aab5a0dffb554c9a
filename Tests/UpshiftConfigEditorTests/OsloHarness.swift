import Foundation

/// Runs tools/oslo_check.py (the real oslo.config from PyPI) and decodes its JSON.
enum OsloHarness {
    static let script = PackFixture.packageRoot.appendingPathComponent("tools/oslo_check.py").path

    /// Whether python3 with oslo_config can run here (CI installs it with `pip install oslo.config`).
    static let available: Bool = (try? run(["-c", "import oslo_config"], script: false)) != nil

    static func run(_ args: [String], script useScript: Bool = true) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + (useScript ? [script] : []) + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        _ = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw HarnessError(status: p.terminationStatus) }
        return data
    }

    struct HarnessError: Error { var status: Int32 }

    struct ParseResult: Decodable { var sections: [String: [String: [String]]]?; var error: String? }

    /// oslo.config's parser view of each file, by path.
    static func parse(_ paths: [String]) throws -> [String: ParseResult] {
        try JSONDecoder().decode([String: ParseResult].self, from: run(["parse"] + paths))
    }

    /// The values real oslo.config gives options registered as `specs` (see tools/oslo_check.py).
    static func read(_ path: String, _ specs: [String]) throws -> [String: String?] {
        let object = try JSONSerialization.jsonObject(with: run(["read", path] + specs)) as? [String: Any] ?? [:]
        return object.mapValues { $0 as? String }
    }

    /// Writes text to a fresh temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("upshift-oslo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
