import ArgumentParser
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Pre-flight an inventory, or re-check a saved plan.")
    func run() async throws { throw CLIFailure("check: not yet wired") }
}
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Plan an upgrade.")
    func run() async throws { throw CLIFailure("plan: not yet wired") }
}
