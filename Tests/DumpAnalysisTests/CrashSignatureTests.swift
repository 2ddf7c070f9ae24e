import Testing
import DumpAnalysis
import DumpModel

/// The crash signature depends on what crashed and where in the code, never on addresses.
@Suite struct CrashSignatureTests {
    private func signature(functions: [String], pcBase: UInt64, fault: UInt64, kind: CrashReport.Kind = .nullDereference(offset: 0x10)) -> String? {
        var thread = SyntheticProcess.thread(2, functions)
        thread.frames = thread.frames.enumerated().map { index, frame in
            var moved = frame
            moved.pc = pcBase + UInt64(index) * 0x40
            return moved
        }
        let image = SyntheticProcess.image([SyntheticProcess.thread(1, ["main"]), thread])
        let crash = CrashReport(
            signalNumber: 11, signalName: "SIGSEGV", signalCode: 1,
            signalCodeDescription: SignalCodeDescription.describe(code: 1, signal: 11), faultAddress: fault,
            crashingTID: 2, instructionPointer: pcBase, innermostFrame: thread.frames.first, applicationFrame: thread.frames.first,
            placeName: thread.frames.first?.function, kind: kind)
        return CrashSignature.of(crash, in: image.process, frames: ApplicationFrames(process: image.process))
    }

    @Test func sameCrashAtOtherAddressesHasTheSameSignature() throws {
        let stack = ["process_order", "order_worker", "start_thread", "__clone3"]
        let first = try #require(signature(functions: stack, pcBase: 0x40_1000, fault: 0x10))
        #expect(first.count == 16)
        #expect(signature(functions: stack, pcBase: 0x5555_5555_1000, fault: 0x18) == first)
        #expect(signature(functions: ["process_refund"] + stack.dropFirst(), pcBase: 0x40_1000, fault: 0x10) != first)
        #expect(signature(functions: stack, pcBase: 0x40_1000, fault: 0x10, kind: .other) != first)
    }
}
