import Testing
import DumpModel
@testable import RuntimeStacks

/// The HotSpot reader on a HotSpot described in memory (``FakeHotSpot``) and corrupted piece by
/// piece: each corruption leaves the process as it was with one note saying what could not be
/// read, and nothing loops or traps.
@Suite struct HotSpotHostileInputTests {
    /// The note the reader leaves when the thread list cannot be read, for `reason`.
    static func threadsNote(_ reason: String) -> Diagnostic {
        .note("the JVM's threads could not be read from HotSpot's structures (\(reason)): Java thread names and monitor owners are missing; jhsdb jstack --core reads them")
    }

    @Test func aProcessWithoutLibjvmIsLeftAlone() {
        let fake = FakeHotSpot()
        fake.symbols.addresses = [:]
        let process = fake.read()
        #expect(process == fake.process())
    }

    @Test func anEmptyThreadListReadsUpToTheCodeCache() {
        // The fake describes no code cache: the threads and monitors are read, the frames not.
        let process = FakeHotSpot().read()
        #expect(process.diagnostics == [.note(
            "HotSpot's code cache could not be read (gHotSpotVMStructs has no AbstractInterpreter::_code (a HotSpot version the reader does not know)): Java frames are not named; jhsdb jstack --core names them")])
        #expect(process.runtimeLocks.isEmpty)
    }

    @Test func aTableOutsideTheCoreIsANote() {
        let fake = FakeHotSpot()
        fake.memory.write(0x7777_0000, at: fake.symbols.addresses["gHotSpotVMStructs"]!)
        #expect(fake.read().diagnostics == [Self.threadsNote("gHotSpotVMStructs entry at 0x77770000 is not in the core (or misaligned)")])
    }

    @Test func aStructTableThatNeverEndsIsCut() {
        let fake = FakeHotSpot()
        // The first entry, copied far from the rest, repeated without end.
        let table = fake.memory.readWord(at: fake.symbols.addresses["gHotSpotVMStructs"]!, size: 8)!
        let endless: UInt64 = 0x1_0000_0000
        fake.memory.write(bytes: fake.memory.read(at: table, count: 48)!, at: endless)
        fake.memory.write(endless, at: fake.symbols.addresses["gHotSpotVMStructs"]!)
        fake.memory.repeating = (endless, 48)
        #expect(fake.read().diagnostics == [Self.threadsNote("gHotSpotVMStructs is longer than 20000 entries or loops")])
    }

    @Test func aMissingFieldNamesIt() {
        let fake = FakeHotSpot()
        // The first entry's field name, `_length`, becomes one the reader does not know.
        let table = fake.memory.readWord(at: fake.symbols.addresses["gHotSpotVMStructs"]!, size: 8)!
        fake.memory.write(fake.string("_size"), at: table + 8)
        #expect(fake.read().diagnostics == [Self.threadsNote("gHotSpotVMStructs has no ThreadsList::_length (a HotSpot version the reader does not know)")])
    }

    @Test func aThreadListTooLongIsRefused() {
        let fake = FakeHotSpot()
        fake.memory.write(200_000, at: FakeHotSpot.threadsList + 4, size: 4)
        #expect(fake.read().diagnostics == [Self.threadsNote("ThreadsList::_threads is longer than 100000 entries or loops")])
    }

    @Test func aJavaThreadOutsideTheCoreIsANote() {
        let fake = FakeHotSpot()
        fake.memory.write(1, at: FakeHotSpot.threadsList + 4, size: 4)
        fake.memory.write(0xdead_0000, at: FakeHotSpot.threadArray)
        #expect(fake.read().diagnostics == [Self.threadsNote("JavaThread::_osthread at 0xdead0230 is not in the core (or misaligned)")])
    }

    @Test func aMisalignedThreadPointerIsANote() {
        let fake = FakeHotSpot()
        fake.memory.write(1, at: FakeHotSpot.threadsList + 4, size: 4)
        fake.memory.write(0xdead_0003, at: FakeHotSpot.threadArray)
        #expect(fake.read().diagnostics == [Self.threadsNote("a JavaThread at 0x601000 is not in the core (or misaligned)")])
    }

    @Test func compressedStreamNumbers() throws {
        let memory = ByteMemory()
        // 200 (two bytes: 200 + 0 * 64), 522 (202 + 5 * 64), zigzag 6 -> 3, zigzag 1 -> -1.
        for (index, byte) in [200, 0, 202, 5, 6, 1].enumerated() { memory.write(UInt64(byte), at: 0x1000 + UInt64(index), size: 1) }
        var stream = HotSpotCompressedStream(memory: HotSpotMemory(memory: memory), position: 0x1000)
        #expect(try stream.unsignedInt() == 200)
        #expect(try stream.unsignedInt() == 522)
        #expect(try stream.signedInt() == 3)
        #expect(try stream.signedInt() == -1)
        #expect(throws: HotSpotReadError.unreadable("a compressed stream", address: 0x1006)) { try stream.byte() }
    }
}
