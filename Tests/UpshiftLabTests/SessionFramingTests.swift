import Foundation
import Testing
@testable import UpshiftSSH
import UpshiftExecution
import UpshiftModel

/// The session wire format: frames come back byte for byte whatever the chunking and content.
@Suite struct SessionFramingTests {
    static let nonce = "0123456789abcdef0123456789abcdef"

    /// Feeds `stream` to a decoder in chunks of `size` bytes.
    static func decode(_ stream: [UInt8], chunk size: Int, limit: Int = 1 << 20) -> FrameDecoder {
        var d = FrameDecoder(nonce: nonce, limit: limit)
        var i = 0
        while i < stream.count { d.feed(stream[i..<min(i + size, stream.count)]); i += size }
        return d
    }

    static let outputs: [[UInt8]] = [
        [], Array("abc".utf8), Array("line\n".utf8), Array("\n\n".utf8), [0, 1, 255, 10, 13, 0],
        Array("\n0123456789abcdef".utf8), Array("\n\(nonce)".utf8.dropLast()), Array("ünïcödé\nno newline".utf8),
    ]

    @Test(arguments: [1, 2, 3, 7, 64, 65536])
    func everyOutputRoundTripsInAnyChunking(_ size: Int) {
        var stream: [UInt8] = []
        for (n, o) in Self.outputs.enumerated() { stream += o + SessionProtocol.sentinel(nonce: Self.nonce, status: Int32(n * 36 % 256)) }
        var d = Self.decode(stream, chunk: size)
        for (n, o) in Self.outputs.enumerated() {
            let f = d.take()
            #expect(f == FrameDecoder.Frame(bytes: o, truncated: false, status: Int32(n * 36 % 256)), "output \(n), chunk \(size)")
        }
        #expect(d.take() == nil && !d.corrupt && d.current.isEmpty)
    }

    @Test func outputPastTheLimitIsDroppedButTheSentinelIsStillFound() {
        let big = [UInt8](repeating: 65, count: 300_000)
        let stream = big + SessionProtocol.sentinel(nonce: Self.nonce, status: 0) + Array("ok".utf8) + SessionProtocol.sentinel(nonce: Self.nonce, status: 3)
        var d = Self.decode(stream, chunk: 4096, limit: 1000)
        #expect(d.take() == FrameDecoder.Frame(bytes: Array(big.prefix(1000)), truncated: true, status: 0))
        #expect(d.take() == FrameDecoder.Frame(bytes: Array("ok".utf8), truncated: false, status: 3))
    }

    @Test func aSentinelWithoutANumberMarksTheStreamCorrupt() {
        let d = Self.decode(Array("x\n\(Self.nonce):zz\n".utf8), chunk: 5)
        #expect(d.corrupt && d.frames.isEmpty)
    }

    @Test func anUnfinishedFrameKeepsWhatWasPrinted() {
        let message = "ssh: connect to host x port 22: Connection refused\n"
        var d = Self.decode(Array(message.utf8), chunk: 10)
        d.finish()
        #expect(d.frames.isEmpty)
        #expect(String(decoding: d.current, as: UTF8.self) == message)
    }

    @Test func aScriptIsFramedAsACountOfLinesThenTheLines() {
        #expect(SessionProtocol.frame("true") == Array("1\ntrue\n".utf8))
        #expect(SessionProtocol.frame("a\n\nb\n") == Array("4\na\n\nb\n\n".utf8))
        #expect(SessionProtocol.frame("") == Array("1\n\n".utf8))
    }

    @Test func noncesAre128RandomBitsInHex() {
        let a = SessionProtocol.makeNonce(), b = SessionProtocol.makeNonce()
        #expect(a.count == 32 && b.count == 32 && a != b)
        #expect(a.allSatisfy { $0.isHexDigit })
    }
}

/// A child spawned from a thread that blocks every signal (as Swift's worker threads do) still
/// dies of SIGTERM: the timeout and Ctrl-C paths stop ssh with SIGTERM first.
///
/// The child is `cat` reading the pipe this process holds open, so it never ends by itself: the
/// test used `sleep 30`, and beside the parallel suites (whose blocking calls hold the cooperative
/// threads) the task that was to signal it was resumed more than 30 s after the spawn; sleep had
/// ended with 0 by then, which read like a child reaped by someone else (measured: reaper's
/// waitpid returned the pid with status 0 after 30.02 s). With a SIGTERM held blocked, cat would
/// run until the SIGKILL below, so the generous deadline still fails the bug.
@Suite struct ChildProcessSignalTests {
    @Test func sigtermEndsAChildSpawnedFromAThreadThatBlocksSignals() async throws {
        let child: ChildProcess = try await withCheckedThrowingContinuation { cont in
            Thread.detachNewThread {
                var all = sigset_t(); sigfillset(&all)
                pthread_sigmask(SIG_BLOCK, &all, nil)
                do { cont.resume(returning: try ChildProcess("/bin/cat", [])) } catch { cont.resume(throwing: error) }
            }
        }
        #expect(child.exitStatus == nil, "cat ended before it was signalled (status \(String(describing: child.exitStatus)))")
        child.signal(SIGTERM)
        let status = child.wait(seconds: 10)
        #expect(status == 128 + SIGTERM, "cat did not end of SIGTERM within 10 s (status \(String(describing: status)))")
        if status == nil { child.signal(SIGKILL); _ = child.wait(seconds: 5) }
        close(child.input); close(child.output); close(child.error)
    }
}

/// A session counts a script's lines as the remote `read` does (LF bytes), and refuses a CR.
@Suite struct SessionLineEndingTests {
    @Test func theFrameCountsLineFeedBytes() {
        #expect(SessionProtocol.frame("echo one\nexit 7") == Array("2\necho one\nexit 7\n".utf8))
        #expect(Array(SessionProtocol.frame("echo one\r\nexit 7").prefix(2)) == Array("2\n".utf8))
    }

    @Test func aCarriageReturnInACommandIsRefusedBeforeAnythingIsSent() async throws {
        let t = try OpenSSHTransport(options: .init(sshPath: "/nonexistent/ssh"))
        for script in ["echo one\r\nexit 7", "true\r"] {
            await #expect { _ = try await t.run(RemoteCommand(script), on: HostTarget(name: "h", address: "192.0.2.1")) } throws: { error in
                guard let e = error as? TransportError else { return false }
                return e.code == .localFailure && e.message.contains("carriage return")
            }
        }
        #expect(SessionProtocol.refusal(of: "echo one\nexit 7") == nil)
        await t.shutdown()
    }
}
