import Foundation
import Testing
import CoreDump
import DumpAnalysis
import DumpModel
import FixtureSupport

/// Problem signatures of the fixtures and of kernel cores written now: one hang caught three
/// ways is one signature, different hangs are different ones, a crash keeps its crash signature.
@Suite struct FixtureSignatureTests {
    @Test func theWarmupHangHasOneSignatureHoweverItWasDumped() throws {
        // PROVENANCE.md: the same program in the same state, written by the kernel, by gcore
        // (no CPU times) and by analyze-dump capture.
        let signatures = try ["warmup-lock", "warmup-lock-gcore", "captured-warmup"].map { try #require(AnalysedFixture($0).analysis.signature) }
        #expect(signatures[0].kind == .hang)
        #expect(signatures[0].finding == .lockHeldWhileRunning)
        #expect(signatures[0].frames == ["warm_up_model_cache", "lookup_model"])
        #expect(signatures[1] == signatures[0])
        #expect(signatures[2] == signatures[0])
    }

    @Test func differentHangsHaveDifferentSignatures() throws {
        let deadlock = try #require(AnalysedFixture("deadlock").analysis.signature)
        let chain = try #require(AnalysedFixture("lock-chain").analysis.signature)
        let runaway = try #require(AnalysedFixture("runaway").analysis.signature)
        #expect(deadlock.finding == .deadlock)
        #expect(chain.finding == .lockHeldWhileRunning)
        #expect(runaway.finding == .runawayCPU)
        #expect(Set([deadlock.value, chain.value, runaway.value]).count == 3)
        #expect([deadlock, chain, runaway].allSatisfy { $0.kind == .hang && !$0.frames.isEmpty })
    }

    @Test func aCrashKeepsItsCrashSignature() throws {
        let subject = try AnalysedFixture("null-deref")
        let crash = try #require(subject.analysis.crash)
        let signature = try #require(subject.analysis.signature)
        #expect(signature.kind == .crash)
        #expect(signature.finding == .nullDereference)
        #expect(signature.value == CrashSignature.of(crash, in: subject.process, frames: subject.analysis.frames))
    }

    @Test func aHealthyProcessHasNone() throws {
        #expect(try AnalysedFixture("healthy").analysis.signature == nil)
    }

    /// Two runs of warmup-lock.c built now, each dumped by the kernel: other PIDs, other TIDs,
    /// other load addresses (a PIE under ASLR), one signature. The signal is `kill -SEGV`, a
    /// dump asked for from outside (not a crash), because the test runner's threads block
    /// SIGQUIT and the program inherits that mask.
    @Test(.disabled(if: KernelCore.unavailableReason != nil, Comment(rawValue: KernelCore.unavailableReason ?? "")))
    func twoKernelCoresOfTheSameHangHaveTheSameSignature() throws {
        let program = try ScenarioProgram("warmup-lock", directoryName: "hang-signature")
        defer { try? FileManager.default.removeItem(atPath: program.directory) }
        var processes: [DumpModel.Process] = []
        var signatures: [ProblemSignature] = []
        for _ in 0..<2 {
            let path = try KernelCore.write(of: program.executable, in: program.directory, sending: SIGSEGV)
            let core = try CoreReader.read(path: path, options: CoreReadOptions(executablePath: program.executable))
            processes.append(core.process)
            signatures.append(try #require(ProcessAnalysis.analyze(core.image).signature))
            try FileManager.default.removeItem(atPath: path)
        }
        #expect(processes[0].pid != processes[1].pid)
        let executable = { (process: DumpModel.Process) in process.modules.first { $0.shortName == "warmup-lock" }?.startAddress }
        #expect(executable(processes[0]) != nil)
        #expect(executable(processes[0]) != executable(processes[1]), "ASLR loads the PIE at another address")
        #expect(signatures[0].frames == ["warm_up_model_cache", "lookup_model"])
        #expect(signatures[0] == signatures[1])
    }
}
