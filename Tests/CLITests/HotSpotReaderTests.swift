import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// The HotSpot reader on a live JVM (Debian's OpenJDK 17) captured with `analyze-dump capture`,
/// against `jhsdb jstack --core` on the same core: a warm-up holding a Java monitor while four
/// request handlers block on it, and a runaway thread. Every Java thread's name, TID and state,
/// the monitor's owner, its waiters and its object are jhsdb's.
@Suite struct HotSpotReaderTests {
    /// The scenario's handlers.
    static let handlers = (0..<4).map { "request-handler-\($0)" }

    @Test(.disabled(if: JavaProgram.unavailableReason != nil, Comment(rawValue: JavaProgram.unavailableReason ?? "")))
    func threadsAndMonitorOwnerAreJhsdbs() throws {
        let directory = try Scratch.makeDirectory(named: "jvm-hotspot")
        let running = try JavaProgram.start("JavaWarmup.java", mainClass: "JavaWarmup", in: directory)
        defer { running.kill() }
        let core = try AnalyzeDumpBinary.capture(pid: running.processIdentifier, into: directory)
        defer { try? FileManager.default.removeItem(atPath: core) }
        running.kill()

        let jstack = try JavaProgram.jhsdbJstack(core: core)
        let process = try CoreReader.read(path: core).process
        #expect(!process.diagnostics.contains { $0.message.contains("HotSpot") || $0.message.contains("Java") }, "\(process.diagnostics)")

        // Every Java thread jhsdb shows has its name, in full where the kernel kept 15 bytes
        // of it; the main thread keeps the name the launcher gave it. The JavaThreads jhsdb
        // hides (compiler, service threads) have their full names too.
        #expect(Set(jstack.threads.map(\.name)) == Set(
            ["main", "Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "warmup", "runaway"] + Self.handlers))
        for thread in jstack.threads {
            let ours = process.thread(tid: Int32(thread.tid))?.name
            #expect(ours == (thread.name == "main" ? "java" : thread.name), "\(thread.name) \(thread.tid)")
        }
        for name in ["Monitor Deflation Thread", "C2 CompilerThread0", "C1 CompilerThread0", "Notification Thread"] {
            #expect(process.threads.count { $0.name == name } == 1, "\(name)")
        }

        // Every Java thread's state is jhsdb's (`java.lang.Thread.State: ...`).
        for thread in jstack.threads {
            #expect(thread.javaState != nil, "\(thread.name)")
            #expect(process.thread(tid: Int32(thread.tid))?.runtimeState == thread.javaState, "\(thread.name)")
        }
        #expect(jstack.threads.first { $0.name == "request-handler-0" }?.javaState == "BLOCKED (on object monitor)")
        #expect(jstack.threads.first { $0.name == "runaway" }?.javaState == "RUNNABLE")

        // One contended monitor: jhsdb's object, owned by the warm-up, entered by the handlers.
        func tid(_ name: String) -> Int32? { jstack.threads.first { $0.name == name }.map { Int32($0.tid) } }
        let object = try #require(jstack.threads.first { $0.name == "request-handler-0" }?.waitingToLock)
        #expect(jstack.threads.first { $0.name == "warmup" }?.locked == [object])
        let lock = try #require(process.runtimeLocks.first)
        #expect(process.runtimeLocks.count == 1)
        #expect(lock.runtime == .java)
        #expect(lock.name == "java.lang.Object@" + object.dropFirst().dropLast())
        #expect(lock.ownerTID == tid("warmup"))
        #expect(lock.waiterTIDs.sorted() == Self.handlers.compactMap(tid).sorted())
        #expect(Set(lock.waiterTIDs.map(Int.init)) == Set(jstack.threads.filter { $0.waitingToLock == object }.map(\.tid)))

        // Java frames: jhsdb's methods and lines, interpreted ones as java, compiled as jit
        // (the runaway's spin once compiled). The runaway's innermost frame has only its
        // method compared: an interpreter that runs keeps its bytecode pointer in a register.
        for thread in jstack.threads {
            let frames = process.thread(tid: Int32(thread.tid))?.frames.filter { $0.runtime == .java || $0.runtime == .jit } ?? []
            let ours = frames.map {
                JStackOutput.JavaFrame(method: $0.function ?? "", line: $0.source?.line, isCompiled: $0.runtime == .jit)
            }
            if thread.name == "runaway" {
                #expect(ours.first?.method == "JavaWarmup.spin")
                #expect(ours.first?.method == thread.frames.first?.method)
                #expect(Array(ours.dropFirst()) == Array(thread.frames.dropFirst()), "\(thread.name)")
            } else {
                #expect(ours == thread.frames.map { JStackOutput.JavaFrame(method: $0.method, line: $0.isCompiled ? nil : $0.line, isCompiled: $0.isCompiled) }, "\(thread.name)")
            }
        }
        let warmupTID = try #require(tid("warmup"))
        let warmup = try #require(process.thread(tid: warmupTID))
        #expect(warmup.frames.first { $0.runtime == .java && $0.source != nil }?.function == "JavaWarmup.warmUp")
        #expect(warmup.frames.first { $0.function == "JavaWarmup.warmUp" }?.source == SourceLocation(file: "JavaWarmup.java", line: 13))
        let handlerTID = try #require(tid("request-handler-0"))
        #expect(process.thread(tid: handlerTID)?.frames.first { $0.runtime == .java }?.source
            == SourceLocation(file: "JavaWarmup.java", line: 18))
    }
}
