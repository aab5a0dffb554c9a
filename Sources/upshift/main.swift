import UpshiftCLI
// Until the root command registers LabCommand, `upshift lab ...` is routed here (sshd's ForceCommand needs `lab shell`).
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "lab" {
    await LabCommand.runAsRoot(Array(CommandLine.arguments.dropFirst(2)))
} else {
    await UpshiftMain.main()
}
