import ArgumentParser

extension Upshift {
    /// Every top-level subcommand, in the order `--help` lists them.
    static var subcommandTypes: [any ParsableCommand.Type] {
        [PackCommand.self, PlanCommand.self, CheckCommand.self, LabCommand.self]
    }
}
