import Testing
@testable import CoreDump

/// Counting a recursion past the frame limit on machine frames built in code: the cycle found,
/// whole rounds omitted with the last one kept, and every bound that ends a count.
@Suite struct RecursionCounterTests {
    /// Frames of a cycle of `pcs` from `stackPointer` up, 64 bytes apart, innermost first.
    static func frames(_ pcs: [UInt64], rounds: Int, from stackPointer: UInt64 = 0x7000_0000) -> [UnwoundFrame] {
        (0..<rounds * pcs.count).map {
            UnwoundFrame(pc: pcs[$0 % pcs.count], isActivation: false, stackPointer: stackPointer + UInt64($0) * 64)
        }
    }

    @Test func aCycleOfTwoIsCountedAndAllButTheLastRoundOmitted() throws {
        let kept = Self.frames([0x401100, 0x401200], rounds: 8)
        var counter = try #require(RecursionCounter(frames: kept, stackEnd: 0x8000_0000, limit: 1_000_000))
        #expect(counter.period == 2)
        // 11 more frames go on with the cycle, then main breaks it.
        let more = Self.frames([0x401100, 0x401200], rounds: 6, from: 0x7000_0000 + 16 * 64).prefix(11)
        for frame in more {
            let counted = counter.count(frame)
            #expect(counted)
        }
        let ended = !counter.count(UnwoundFrame(pc: 0x401300, isActivation: false, stackPointer: 0x7000_1000))
        #expect(ended)
        let (omitted, keptAfter) = counter.finish()
        #expect(omitted == 8)  // 4 whole rounds of the 5.5 counted
        #expect(keptAfter == Array(more.suffix(3)))  // the last round and the part-round after it
    }

    @Test func framesThatRepeatNoCycleAreNotARecursion() {
        let frames = (0..<16).map { UnwoundFrame(pc: 0x401000 + UInt64($0), isActivation: false, stackPointer: 0x7000_0000 + UInt64($0) * 64) }
        #expect(RecursionCounter(frames: frames, stackEnd: 0x8000_0000, limit: 1_000_000) == nil)
    }

    /// The stack's size over 16 bytes bounds the count, and so does the limit given.
    @Test func theStackSizeAndTheLimitBoundTheCount() throws {
        let kept = Self.frames([0x401100], rounds: 8)
        let top = kept.last!.stackPointer!
        let bySize = try #require(RecursionCounter(frames: kept, stackEnd: top + 160, limit: 1_000_000))
        #expect(bySize.limit == 10)
        var byLimit = try #require(RecursionCounter(frames: kept, stackEnd: 0x8000_0000, limit: 3))
        for step in 1...3 {
            let counted = byLimit.count(UnwoundFrame(pc: 0x401100, isActivation: false, stackPointer: top + UInt64(step) * 64))
            #expect(counted)
        }
        #expect(byLimit.isAtLimit)
        let pastLimit = byLimit.count(UnwoundFrame(pc: 0x401100, isActivation: false, stackPointer: top + 4 * 64))
        #expect(!pastLimit)
    }

    /// A frame whose stack pointer does not rise, or leaves the stack, ends the count.
    @Test func aStackPointerThatDoesNotRiseEndsTheCount() throws {
        let kept = Self.frames([0x401100], rounds: 8)
        let top = kept.last!.stackPointer!
        var counter = try #require(RecursionCounter(frames: kept, stackEnd: top + 0x1000, limit: 1_000_000))
        for stackPointer in [top, top + 0x1000, nil] {
            let counted = counter.count(UnwoundFrame(pc: 0x401100, isActivation: false, stackPointer: stackPointer))
            #expect(!counted)
        }
        #expect(counter.counted == 0)
    }
}
