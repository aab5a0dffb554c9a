import Testing
import UpshiftExecution
import UpshiftModel
import UpshiftSSH

/// ssh's own failures map to transport error codes; arguments never let a value become an option.
@Suite struct OpenSSHTransportTests {
    @Test(arguments: [
        ("@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n", TransportError.Code.hostKeyMismatch),
        ("Host key verification failed.\n", .hostKeyMismatch),
        ("root@127.0.77.1: Permission denied (publickey).\n", .authenticationFailed),
        ("ssh: connect to host 127.0.77.9 port 2222: Connection refused\n", .unreachable),
        ("ssh: Could not resolve hostname nowhere: Name or service not known\n", .unreachable),
        ("Connection closed by 127.0.77.1 port 2222\n", .connectionLost),
    ])
    func sshFailuresAreClassified(_ stderr: String, _ code: TransportError.Code) {
        #expect(OpenSSHTransport.classify(stderr) == code)
    }

    @Test func aRemoteExit255WithOtherOutputIsAResult() {
        #expect(OpenSSHTransport.classify("my script failed\n") == nil)
    }

    @Test func argumentsEndOptionsBeforeTheDestinationAndPassTheScriptAsOneWord() throws {
        let t = try OpenSSHTransport(options: .init(configFile: "/lab/ssh_config"))
        let args = t.arguments(for: HostTarget(name: "x", address: "-oProxyCommand=evil", user: "root"), script: "echo 'a b'")
        let dash = try #require(args.firstIndex(of: "--"))
        #expect(Array(args[dash...]) == ["--", "-oProxyCommand=evil", "echo 'a b'"])
        #expect(args.contains("BatchMode=yes") && args.contains("StrictHostKeyChecking=yes"))
        #expect(args.contains { $0.hasPrefix("ControlPath=\(t.socketDirectory)/") })
        #expect(Array(args.prefix(2)) == ["-F", "/lab/ssh_config"])
    }

    @Test func sessionArgumentsDialDirectlyAndPassTheBootstrapAsOneWordAfterTheDestination() throws {
        let t = try OpenSSHTransport(options: .init(configFile: "/lab/ssh_config"))
        #expect(t.options.mode == .session)
        let args = t.sessionArguments(for: HostTarget(name: "x", address: "-oProxyCommand=evil", user: "root"))
        let dash = try #require(args.firstIndex(of: "--"))
        #expect(Array(args[dash...]) == ["--", "-oProxyCommand=evil", SessionProtocol.bootstrap])
        #expect(args.contains("ControlMaster=no") && args.contains("ControlPath=none") && args.contains("BatchMode=yes"))
        #expect(args.contains("StrictHostKeyChecking=yes"))
    }
}
