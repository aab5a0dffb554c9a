import Testing
import UpshiftExecution
import UpshiftModel
import UpshiftSSH

/// ssh's own failures map to transport error codes; arguments never let a value become an option.
@Suite struct OpenSSHTransportTests {
    @Test(arguments: [
        ("@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.\n", TransportError.Code.hostKeyMismatch),
        ("Host key verification failed.\n", .hostKeyMismatch),
        ("No ED25519 host key is known for [127.0.77.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n", .hostKeyUnknown),
        ("root@127.0.77.1: Permission denied (publickey).\n", .authenticationFailed),
        ("ssh: connect to host 127.0.77.9 port 2222: Connection refused\n", .unreachable),
        ("ssh: Could not resolve hostname nowhere: Name or service not known\n", .unreachable),
        ("Connection closed by 127.0.77.1 port 2222\n", .connectionLost),
    ])
    func sshFailuresAreClassified(_ stderr: String, _ code: TransportError.Code) {
        #expect(OpenSSHTransport.classify(stderr) == code)
    }

    @Test func operatorSSHOptionsComeAfterUpshiftsOwnSoTheyCannotWeakenThem() throws {
        var options = OpenSSHTransport.Options(configFile: "/lab/ssh_config", connectTimeoutSeconds: 3, mode: .perCommand)
        options.extraOptions = ["ProxyJump=bastion", "StrictHostKeyChecking=no"]
        let t = try OpenSSHTransport(options: options)
        for args in [t.arguments(for: HostTarget(name: "h", address: "192.0.2.1"), script: "true"),
                     t.sessionArguments(for: HostTarget(name: "h", address: "192.0.2.1"))] {
            let strict = try #require(args.firstIndex(of: "StrictHostKeyChecking=yes"))
            let weak = try #require(args.firstIndex(of: "StrictHostKeyChecking=no"))
            #expect(strict < weak, "ssh keeps the first value: upshift's")
            #expect(args.contains("ProxyJump=bastion") && args.contains("ConnectTimeout=3"))
        }
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
