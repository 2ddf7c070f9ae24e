import Foundation
import Testing
import FixtureSupport

/// A real redis crash through its crash handler (`DEBUG SEGFAULT` writes to a read-only page;
/// `sigsegvHandler` logs the crash, then `bugReportEnd` re-raises with `kill(getpid())`): the
/// report must give the original si_code, fault address, instruction and function that redis'
/// own crash log prints, not the re-raised SIGSEGV in `bugReportEnd`.
@Suite struct RedisCrashHandlerTests {
    /// Debian's redis-tools: `redis-check-rdb` is the server, dispatching on argv[0].
    private static let server = "/usr/bin/redis-check-rdb"
    private static let client = "/usr/bin/redis-cli"
    private static let unavailableReason: String? = KernelCore.unavailableReason
        ?? ([server, client].first { !FileManager.default.isExecutableFile(atPath: $0) }.map { "\($0) is missing: run scripts/install-deps (redis-tools)" })

    @Test(.disabled(if: unavailableReason != nil, Comment(rawValue: unavailableReason ?? "")))
    func crashBehindRedisHandlerIsTheOriginalFault() throws {
        let directory = try Scratch.makeDirectory(named: "redis-crash")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createSymbolicLink(atPath: directory + "/redis-server", withDestinationPath: Self.server)
        // crash-memcheck-enabled no: the handler keeps the other threads and skips its memory test.
        let script = """
            ulimit -c unlimited || exit 97
            cd "$1" || exit 98
            ./redis-server --port 0 --unixsocket "$1/sock" --enable-debug-command yes --save '' --appendonly no \
                --dir "$1" --crash-memcheck-enabled no > "$1/log" 2>&1 &
            pid=$!
            i=0
            while [ ! -S "$1/sock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
            \(Self.client) -s "$1/sock" debug segfault > /dev/null 2>&1
            i=0
            while kill -0 $pid 2> /dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
            kill -9 $pid 2> /dev/null
            wait $pid
            echo $?
            """
        let run = try Command.run("/bin/sh", ["-c", script, "redis-crash", directory])
        #expect(run.standardOutput == "139\n", "redis did not die of SIGSEGV: \(run.standardOutput) \(run.standardError)")
        let core = directory + "/core"
        #expect(FileManager.default.fileExists(atPath: core))

        // The oracle: redis' crash log.
        let log = try String(contentsOfFile: directory + "/log", encoding: .utf8)
        func logValue(after marker: String) throws -> String {
            let line = try #require(log.split(separator: "\n").first { $0.contains(marker) }, "no \(marker) in \(log)")
            return String(line[line.range(of: marker)!.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        let signalLine = try logValue(after: "crashed by signal: ")
        #expect(signalLine == "11, si_code: 2")
        let faultAddress = try logValue(after: "Accessing address: ")
        let instruction = try logValue(after: "Crashed running the instruction at: ")
        // The EIP line: ./redis-server unixsocket:...(debugCommand+0x26f)[0x...]
        let eip = try #require(log.split(separator: "\n").first { $0.hasSuffix("[\(instruction)]") && $0.contains("(") })
        let symbol = eip[eip.range(of: "(", options: .backwards)!.upperBound..<eip.range(of: ")", options: .backwards)!.lowerBound]
        let function = String(symbol.split(separator: "+")[0])
        let offset = String(symbol.split(separator: "+")[1])
        #expect(function == "debugCommand")

        let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let crash = try #require(report["crash"] as? [String: Any])
        #expect(crash["signal"] as? String == "SIGSEGV")
        #expect(crash["code_name"] as? String == "SEGV_ACCERR") // si_code 2
        #expect(crash["fault_address"] as? String == faultAddress)
        #expect(crash["instruction_pointer"] as? String == instruction)
        #expect(crash["application_frame"] as? String == function)
        let handler = try #require(crash["handler"] as? [String: Any])
        #expect(handler["chain"] as? String == "bugReportEnd via __kill")
        #expect(handler["reraised_code_name"] as? String == "SI_USER")
        #expect(handler["evidence"] as? String == "siginfo")
        #expect(handler["access"] as? String == "write")
        let threads = try #require(report["threads"] as? [[String: Any]])
        let crashed = try #require(threads.first { ($0["tid"] as? Int) == (crash["tid"] as? Int) })
        let frames = try #require(crashed["frames"] as? [[String: Any]])
        let faulting = try #require(frames.first { ($0["function"] as? String) == function })
        #expect(faulting["function_offset"] as? String == offset)
        #expect(faulting["pc"] as? String == instruction)
    }
}
