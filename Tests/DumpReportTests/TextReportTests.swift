import Testing
import DumpModel
import DumpAnalysis
import DumpReport

/// The text renderers on a model built in code: every frame form, thread headings, grouping.
@Suite struct TextReportTests {
    static let modules = [
        Module(name: "/srv/app/server", startAddress: 0x400000, endAddress: 0x500000, buildID: "ab12",
               filePath: "/srv/app/server", debugFilePath: nil, symbolStatus: .debugInfo),
        Module(name: "/lib/libc.so.6", startAddress: 0x7F00_0000_0000, endAddress: 0x7F00_0020_0000, buildID: nil,
               filePath: nil, debugFilePath: nil, symbolStatus: .missing),
    ]

    static func thread(_ tid: Int32, main: Bool, frames: [Frame], user: UInt64 = 0, status: UnwindStatus = .complete) -> Thread {
        Thread(
            tid: tid, isMainThread: main, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: user, systemMicroseconds: 30_000),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: true, frames: frames, unwindStatus: status)
    }

    static let waitingFrames = [
        Frame(pc: 0x7F00_0001_0010, kind: .interrupted, trust: .context, moduleIndex: 1, moduleOffset: 0x10010),
        Frame(pc: 0x401234, kind: .call, trust: .inlined, moduleIndex: 0, moduleOffset: 0x1234,
              function: "std::mutex::lock()", source: SourceLocation(file: "/usr/include/c++/12/bits/std_mutex.h", line: 100)),
        Frame(pc: 0x401234, kind: .call, trust: .cfi, moduleIndex: 0, moduleOffset: 0x1234,
              function: "cache::lookup(int)", mangledName: "_ZN5cache6lookupEi", functionOffset: 0x1f,
              source: SourceLocation(file: "/src/cache.cpp", line: 42)),
        Frame(pc: 0xDEAD, kind: .call, trust: .framePointer),
    ]

    static func process(threads: [Thread]) -> Process {
        Process(
            pid: 100, architecture: .x86_64, producer: .kernel,
            status: ProcessStatus(command: "server", arguments: "/srv/app/server --port 80", state: "S", nice: 0, flags: 0,
                                  uid: 1000, gid: 1000, parentPID: 1, processGroupID: 100, sessionID: 100),
            signal: SignalInfo(number: 11, code: 1, errorNumber: 0, faultAddress: 0x10, senderPID: nil, senderUID: nil),
            signalledThreadTID: 101, threads: threads, modules: modules, mappedFiles: [], auxiliaryVector: [],
            diagnostics: [.warning("cannot find /lib/libc.so.6: its frames show as module+offset; pass --sysroot or --debug-dir")])
    }

    @Test func stacksShowEveryFrameFormAndHowItWasFound() {
        let model = Self.process(threads: [
            Self.thread(100, main: true, frames: [], user: 1_500_000),
            Self.thread(101, main: false, frames: Self.waitingFrames, user: 1_200_000, status: .stopped(reason: "no matching address range")),
        ])
        #expect(StacksTextReport.render(model) == """
            Thread 100 (main thread): user 1.50 s, system 0.03 s (process total)

            Thread 101 (received SIGSEGV): user 1.20 s, system 0.03 s [stack incomplete: no matching address range]
              #0  0x00007f0000010010 libc.so.6+0x10010 [context]
              #1  0x0000000000401234 std::mutex::lock() at /usr/include/c++/12/bits/std_mutex.h:100 (server) [inlined]
              #2  0x0000000000401234 cache::lookup(int)+0x1f at /src/cache.cpp:42 (server) [cfi]
              #3  0x000000000000dead ?? [frame pointer]


            """)
    }

    @Test func groupsListCountAndTIDs() {
        let model = Self.process(threads: [
            Self.thread(7, main: false, frames: Self.waitingFrames),
            Self.thread(8, main: false, frames: [Self.waitingFrames[0]]),
            Self.thread(9, main: false, frames: Self.waitingFrames),
        ])
        let text = StacksTextReport.render(model, groups: StackGroup.groups(of: model))
        #expect(text.hasPrefix("2 threads: 7, 9\n  #0  0x00007f0000010010 libc.so.6+0x10010 [context]\n"))
        #expect(text.contains("\n1 thread: 8\n  #0  0x00007f0000010010 libc.so.6+0x10010 [context]\n\n"))
    }

    @Test func dumpInformationNamesProcessSignalModulesAndDiagnostics() {
        let text = DumpInformationTextReport.render(Self.process(threads: [Self.thread(100, main: true, frames: [], user: 2_000_000)]))
        #expect(text.hasPrefix("""
            Process 100 server
              command line: /srv/app/server --port 80
              parent 1, uid 1000, gid 1000, state S
              x86_64 core written by the kernel, 1 threads
              signal SIGSEGV (11), si_code 1, fault address 0x10, received by thread 101
              process CPU time: user 2.00 s, system 0.03 s

            Modules (2)
              0x0000000000400000-0x0000000000500000 /srv/app/server  [debug info] build-id ab12
              0x00007f0000000000-0x00007f0000200000 /lib/libc.so.6  [missing]

            Diagnostics
            """))
        #expect(text.hasSuffix("Diagnostics\n  warning: cannot find /lib/libc.so.6: its frames show as module+offset; pass --sysroot or --debug-dir\n"))
    }

    @Test func thirtyTwoBitAddressesHaveEightDigitsAndNoCPUWhenNoneRecorded() {
        var model = Self.process(threads: [Self.thread(5, main: true, frames: [
            Frame(pc: 0xF7F0_1549, kind: .interrupted, trust: .context, moduleIndex: 0, moduleOffset: 0x1549, function: "__kernel_vsyscall", functionOffset: 9),
        ])])
        model.architecture = .i386
        model.threads[0].recordedCPUTime = .zero
        #expect(StacksTextReport.render(model) == "Thread 5 (main thread)\n  #0  0xf7f01549 __kernel_vsyscall+0x9 (server) [context]\n\n")
    }
}
