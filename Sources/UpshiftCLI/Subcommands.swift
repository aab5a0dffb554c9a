import ArgumentParser

extension Upshift {
    /// Every top-level subcommand, in the order `--help` lists them.
    static var subcommandTypes: [any ParsableCommand.Type] {
        [InventoryCommand.self, PackCommand.self, DiscoverCommand.self, CheckCommand.self, PlanCommand.self, ConfigCommand.self, ExportCommand.self, ApplyCommand.self, StatusCommand.self, ResumeCommand.self, RollbackCommand.self, ReportCommand.self, DemoCommand.self, LabCommand.self, ProbeCommand.self]
    }
}
