import Foundation
import Testing
import UpshiftModel
@testable import UpshiftExecution
import UpshiftTestSupport

/// The probe's operations come from the pack: templates filled with quoted values, answers read
/// from client tables or JSON.
@Suite struct ProbeTemplateTests {
    /// A probe that talks JSON over curl, as the dalmatian-epoxy pack's does.
    static let jsonSpec: ProbeSpec = {
        let json = #"""
        {"role": "controller",
         "apis": [{"name": "nova", "command": "curl -sSf http://127.0.0.1:8774/v2.1/flavors"}],
         "boot": {"command": "boot-json {name} {flavor} {image}", "id": {"format": "json", "key": "server.id"}},
         "show": {"command": "show-json {id}", "status": {"format": "json", "key": "server.status"},
                  "fault": {"format": "json", "key": "server.fault.message"}},
         "delete": "delete-json {id}", "flavor": "1", "image": "6b2a4c1e"}
        """#
        do { return try JSONDecoder().decode(ProbeSpec.self, from: Data(json.utf8)) } catch { fatalError("\(error)") }
    }()

    @Test func templatesQuoteEveryValueOnceAndNetworkArgumentsAreOptional() {
        let t = "nova boot --flavor {flavor} --image {image}{network_arguments} {name}"
        #expect(ProbeTemplate.render(t, ["flavor": "m1.tiny", "image": "cirros", "name": "upshift-probe-1"])
                == "nova boot --flavor m1.tiny --image cirros upshift-probe-1")
        #expect(ProbeTemplate.render(t, ["flavor": "m1.tiny", "image": "my image", "name": "{name}"], network: "net 1",
                                     networkArguments: ["--nic", "net-id={network}"])
                == "nova boot --flavor m1.tiny --image 'my image' --nic 'net-id=net 1' '{name}'")
        // Braces that are not placeholders (JSON, awk) stay as they are.
        #expect(ProbeTemplate.render(#"python3 -c 'print({"a": 1})' {id}"#, ["id": "x;y"]) == #"python3 -c 'print({"a": 1})' 'x;y'"#)
    }

    @Test func fieldsAreReadFromTablesAndJSON() {
        let table = "+---+---+\n| Property | Value |\n+---+---+\n| status | ACTIVE |\n+---+---+\n"
        #expect(ProbeTemplate.read(ProbeField(format: .table, key: "status"), in: table) == "ACTIVE")
        let json = #"{"server": {"id": "abc", "status": "ERROR", "fault": {"message": "No valid host", "code": 500}}}"#
        #expect(ProbeTemplate.read(ProbeField(format: .json, key: "server.fault.message"), in: json) == "No valid host")
        #expect(ProbeTemplate.read(ProbeField(format: .json, key: "server.fault.code"), in: json) == "500")
        #expect(ProbeTemplate.read(ProbeField(format: .json, key: "server.missing"), in: json) == nil)
        #expect(ProbeTemplate.read(ProbeField(format: .json, key: "server.id"), in: "curl: (7) Failed to connect") == nil)
    }

    @Test func aJSONProbeBootsPollsAndDeletesWithThePacksCommands() async throws {
        let clock = JumpingClock()
        var options = ProbeOptions(duration: .seconds(10), operations: Self.jsonSpec)
        options.interval = .seconds(2)
        let counter = Counter()
        let transport = ScriptedTransport { _, script in
            if script.hasPrefix("boot-json ") { return .ok(#"{"server": {"id": "srv-\#(counter.next())"}}"#) }
            if script.hasPrefix("show-json srv-1") { return .ok(#"{"server": {"status": "ACTIVE"}}"#) }
            if script.hasPrefix("show-json ") {
                return .ok(#"{"server": {"status": "ERROR", "fault": {"message": "No valid host was found"}}}"#)
            }
            return .ok("{}")
        }
        let report = await WorkloadProbe(transport: transport, apiHost: HostTarget(name: "ctl-01", address: "198.51.100.10"),
                                         options: options, clock: clock).run()
        #expect(report.apis.map(\.api.name) == ["nova"])
        #expect(report.boots.active == 1 && report.boots.failed >= 1 && report.boots.attempted == report.boots.deleted)
        #expect(report.failures.contains { $0.message == "ended in ERROR: No valid host was found" })
        let log = await transport.log.map(\.1)
        #expect(log.contains("boot-json upshift-probe-1 1 6b2a4c1e") && log.contains("delete-json srv-1"))
        #expect(!log.contains { $0.hasPrefix(". ") })   // no environment file to source
    }
}
