import ArgumentParser
import UpshiftModel
import UpshiftPlanning

struct PackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack", abstract: "List and show transition packs.",
        subcommands: [List.self, Show.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in transition packs.")
        @Option(help: "text or json") var output: TextOrJSON = .text
        struct Entry: Encodable { var name: String, from: String, to: String, services: Int, rules: Int }
        func run() async throws {
            if output == .json {
                let entries = try PackLibrary.builtinNames.map { name in
                    let p = try PackLibrary.load(name)
                    return Entry(name: name, from: p.from.rawValue, to: p.to.rawValue, services: p.services.count, rules: p.rules.count)
                }
                return Console.out(JSONOut.encode(entries))
            }
            for name in PackLibrary.builtinNames {
                let p = try PackLibrary.load(name)
                Console.out("\(name)\t\(p.from) -> \(p.to)\t\(p.services.count) services, \(p.rules.count) rules")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a pack: services, order, compatibility rules, config changes.",
            discussion: "Example: upshift pack show havana-icehouse\n        upshift pack show ./my-pack.yaml --output json")
        @Argument(help: "A built-in pack name or a pack file.") var pack: String = PackLibrary.defaultName
        @Option(help: "text or json") var output: TextOrJSON = .text
        func run() async throws {
            let p = try PackLibrary.load(pack)
            Console.out(output == .json ? JSONOut.encode(p) : PackText.render(p))
        }
    }
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable { case text, json }
