import ArgumentParser
import UpshiftModel
import UpshiftPlanning

struct PackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack", abstract: "List and show transition packs.",
        subcommands: [List.self, Show.self, Convert.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in transition packs.")
        func run() async throws {
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

extension PackCommand {
    struct Convert: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a format-1 pack to format 2 (the procedure written out as data).",
            discussion: """
            Prints the format-2 pack: the data sections as written, `events` and `rpc_pin` as option sets and \
            final checks, and the procedure format 1 planned with (taken from the built-in pack, with this \
            pack's VIF-event daemons, pin package and look-ups). Review it, then use it with --pack.
            Example: upshift pack convert my-pack.yaml > my-pack-v2.yaml
            """)
        @Argument(help: "The format-1 pack file.") var file: String
        func run() async throws {
            let text = try InputFiles.readText(file)
            let skeleton = try PackLibrary.load(PackLibrary.defaultName)
            do { Console.out(try PackConverter.convert(text: text, sourceName: file, skeleton: skeleton)) }
            catch { throw CLIFailure.invalid(error) }
        }
    }
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable { case text, json }
