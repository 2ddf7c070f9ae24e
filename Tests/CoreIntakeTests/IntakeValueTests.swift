import Glibc
@testable import CoreIntake
import DumpModel
import Testing

/// The handler's small value types: the note's encoding, cgroup parsing, names, limits, log lines.
struct IntakeValueTests {
    @Test func theNoteRoundTripsAndDropsNULs() {
        let note = HandlerNote(
            pid: 4242, tid: 4243, uid: 1000, gid: 100, signal: 11, time: 1_700_000_000, hostname: "web-1",
            command: "crasher", executablePath: "/usr/bin/crasher", arguments: ["crasher", "--mode", "a=b", ""],
            cgroup: "/system.slice/crasher.service", unit: "crasher.service", container: nil,
            environment: [HandlerNote.EnvironmentVariable(key: "LANG", value: "C.UTF-8")],
            threads: [HandlerNote.ThreadName(tid: 4242, name: "main"), HandlerNote.ThreadName(tid: 4243, name: "worker 1")],
            perfMap: Array("7f00 10 jit_function\n".utf8))
        #expect(HandlerNote(decoding: note.encoded()) == HandlerNote(
            pid: 4242, tid: 4243, uid: 1000, gid: 100, signal: 11, time: 1_700_000_000, hostname: "web-1",
            command: "crasher", executablePath: "/usr/bin/crasher", arguments: ["crasher", "--mode", "a=b", ""],
            cgroup: "/system.slice/crasher.service", unit: "crasher.service",
            environment: [HandlerNote.EnvironmentVariable(key: "LANG", value: "C.UTF-8")],
            threads: [HandlerNote.ThreadName(tid: 4242, name: "main"), HandlerNote.ThreadName(tid: 4243, name: "worker 1")],
            perfMap: Array("7f00 10 jit_function\n".utf8)))
        let hostile = HandlerNote(command: "a\u{0}pid=1")
        #expect(HandlerNote(decoding: hostile.encoded())?.command == "apid=1")
        #expect(HandlerNote(decoding: hostile.encoded())?.pid == nil)
        #expect(HandlerNote(decoding: Array("version=2\u{0}pid=1\u{0}".utf8)) == nil)
        #expect(HandlerNote(decoding: []) == nil)
        // Records that do not parse are skipped, the rest kept.
        let hostileRecords = "version=1\u{0}thread=abc\u{0}thread=12\u{0}env=\u{0}=x\u{0}pid=99999999999\u{0}noequals\u{0}uid=7\u{0}"
        #expect(HandlerNote(decoding: Array(hostileRecords.utf8)) == HandlerNote(uid: 7))
    }

    @Test func cgroupsNameTheirUnitAndContainer() {
        let id = String(repeating: "ab12", count: 16)
        #expect(CgroupPath.unit("/system.slice/nginx.service") == "nginx.service")
        #expect(CgroupPath.unit("/user.slice/user-1000.slice/user@1000.service/app.slice/app-foo.scope") == "user@1000.service")
        #expect(CgroupPath.unit("/") == nil)
        #expect(CgroupPath.containerID("/system.slice/docker-\(id).scope") == id)
        #expect(CgroupPath.containerID("/kubepods/burstable/pod1/cri-containerd-\(id).scope") == id)
        #expect(CgroupPath.containerID("/docker/\(id)") == id)
        #expect(CgroupPath.containerID("/docker/\(id)0") == nil)
    }

    @Test func spoolNamesAreSafe() {
        let name = SpoolName(command: "my prog/../x", uid: 1000, bootID: SpoolName.bootID(from: "0123abcd-0123-abcd-0123-0123456789ab\n"), pid: 77, timeMicroseconds: 1_700_000_000_000_000)
        #expect(name.coreFileName == "core.my_prog____x.1000.0123abcd0123abcd01230123456789ab.77.1700000000000000.zst")
        #expect(name.reportFileName == name.coreFileName + ".json")
        #expect(SpoolName.sanitized("") == "_")
        #expect(SpoolName.sanitized("é") == "_")
        #expect(SpoolName.bootID(from: "nonsense") == String(repeating: "0", count: 32))
    }

    @Test func rateLimitsParse() {
        #expect(RateLimit(parsing: "10/1m") == RateLimit(count: 10, windowSeconds: 60))
        #expect(RateLimit(parsing: "3/30") == RateLimit(count: 3, windowSeconds: 30))
        #expect(RateLimit(parsing: "0/1h") == RateLimit(count: 0, windowSeconds: 3600))
        #expect(RateLimit(parsing: "10") == nil)
        #expect(RateLimit(parsing: "-1/1m") == nil)
        #expect(RateLimit(parsing: "1/0s") == nil)
        #expect(RateLimit(parsing: "1/400d") == nil)
    }

    @Test func logLinesCannotBeForged() {
        let line = CrashLogLine([("exe", "evil\nstored=/etc/passwd"), ("finding", "Null \"pointer\""), ("pid", "1")])
        #expect(line.text == #"exe=evil\x0astored=/etc/passwd finding="Null \"pointer\"" pid=1"#)
        #expect(CrashLogLine.escaped("") == "\"\"")
        #expect(CrashLogLine.escaped("é") == #"\xc3\xa9"#)
    }
}

/// The records the log sink writes.
struct LogSinkTests {
    @Test func recordsAreSyslogLinesAndKernelLogLinesAreCut() {
        let message = String(repeating: "x", count: 2000)
        let prefix = Array("<26>analyze-dump[\(getpid())]: ".utf8)
        let syslog = LogSink(kind: .syslog, descriptor: -1).record(message)
        #expect(syslog == prefix + Array(message.utf8))
        let kernel = LogSink(kind: .kernelLog, descriptor: -1).record(message)
        #expect(kernel.count == 961)
        #expect(kernel.last == UInt8(ascii: "\n"))
        #expect(LogSink(kind: .standardError, descriptor: -1).record("m") == prefix + Array("m\n".utf8))
    }
}
