import ArgumentParser
import UpshiftModel
import UpshiftPlanning

struct PackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack", abstract: "List and show transition packs.",
        subcommands: [List.self, Show.self, Convert.self])

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
            abstract: "Show a pack: services, order, compatibility rules, config changes, and every command it can run on a host.",
            discussion: """
                A pack is code: its commands and its platforms' commands run as root on every host. `pack show` ends
                with all of them; --commands prints only those. The platforms listed are the built-in ones, or with
                --inventory FILE the ones that inventory's hosts use (docs/platforms.md).
                Example: upshift pack show havana-icehouse
                        upshift pack show --pack ./my-pack.yaml --inventory inventory.yaml --commands
                """)
        @Argument(help: "A built-in pack name or a pack file.") var name: String?
        @Option(help: "A built-in pack name or a pack file (the same as the argument, as every other verb takes it).") var pack: String?
        @Option(help: "List the commands of the platforms this inventory's hosts use (default: every built-in platform).") var inventory: String?
        @Flag(help: "Print only the commands the pack and its platforms can run on a host.") var commands = false
        @Option(help: "text or json") var output: TextOrJSON = .text

        func validate() throws {
            if name != nil, pack != nil { throw ValidationError("give the pack once: as the argument or with --pack") }
        }

        func run() async throws {
            let p = try PackLibrary.load(pack ?? name ?? PackLibrary.defaultName)
            let platforms: [Platform]
            if let inventory {
                platforms = try Inputs.inventory(inventory, pack: p).loadedPlatforms.map(\.platform)
            } else {
                let all = try PlatformLibrary.allBuiltins()
                platforms = all.names.compactMap { all.platform(named: $0) }
            }
            let entries = HostCommandList.entries(pack: p, platforms: platforms)
            switch (output, commands) {
            case (.json, true): Console.out(JSONOut.encode(entries))
            case (.json, false): Console.out(JSONOut.encode(p))
            case (.text, true): Console.out(HostCommandList.text(entries))
            case (.text, false): Console.out(PackText.render(p) + "\n\n" + HostCommandList.text(entries))
            }
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
