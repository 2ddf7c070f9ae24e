import Testing
@testable import DumpAnalysis
import DumpModel

/// The thrown exception read from libstdc++'s header on models built in code: the layouts a
/// fixture does not show (a derived type, a type without a message) and hostile memory, which
/// must give no exception or no message, never a trap.
@Suite struct ThrownExceptionTests {
    /// Bytes at addresses; every other address is not in the core.
    final class Memory: ProcessMemory {
        var bytes: [UInt64: UInt8] = [:]
        func write(_ value: UInt64, at address: UInt64) {
            for index in 0..<8 { bytes[address &+ UInt64(index)] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index))) }
        }
        func write(_ text: String, at address: UInt64) {
            for (index, byte) in (Array(text.utf8) + [0]).enumerated() { bytes[address &+ UInt64(index)] = byte }
        }
        func readWord(at address: UInt64, size: Int) -> UInt64? {
            guard let raw = read(at: address, count: size) else { return nil }
            return raw.reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        func read(at address: UInt64, count: Int) -> [UInt8]? {
            var result: [UInt8] = []
            for index in 0..<count {
                guard let byte = bytes[address &+ UInt64(index)] else { return nil }
                result.append(byte)
            }
            return result
        }
    }

    /// Symbols at exact addresses.
    final class Symbols: SymbolLookup {
        var names: [UInt64: String] = [:]
        func symbol(containing address: UInt64) -> SymbolReference? {
            names[address].map { SymbolReference(name: $0, address: address, size: 8, offset: 0) }
        }
        func address(ofSymbol name: String) -> UInt64? { nil }
    }

    static let stackPointer: UInt64 = 0x7f00_0000_1000
    static let object: UInt64 = 0x10_0080
    static let runtimeErrorTypeInfo: UInt64 = 0x50_0000
    static let derivedTypeInfo: UInt64 = 0x50_0100
    static let siVTable: UInt64 = 0x60_0010
    static let classVTable: UInt64 = 0x60_0100
    static let characters: UInt64 = 0x20_0018

    /// A process whose one thread's stack (at ``stackPointer``) holds, a few words up, a
    /// pointer to the `unwindHeader` of a `std::runtime_error` carrying `message`.
    static func model(message: String = "missing '=' in line 7", type: UInt64 = runtimeErrorTypeInfo) -> (Memory, Symbols, ProcessImage) {
        let memory = Memory(), symbols = Symbols()
        memory.write(0, at: stackPointer)
        memory.write(object - 32, at: stackPointer + 0x40)
        memory.write(ThrownException.primaryExceptionClass, at: object - 32)
        memory.write(type, at: object - 112)
        memory.write(0x60_0000, at: object)
        memory.write(characters, at: object + 8)
        memory.write(UInt64(message.utf8.count), at: characters - 24)
        memory.write(message, at: characters)
        symbols.names[runtimeErrorTypeInfo] = "typeinfo for std::runtime_error"
        memory.write(classVTable, at: runtimeErrorTypeInfo)
        symbols.names[derivedTypeInfo] = "typeinfo for app::ConfigError"
        memory.write(siVTable, at: derivedTypeInfo)
        memory.write(runtimeErrorTypeInfo, at: derivedTypeInfo + 16)
        symbols.names[siVTable] = ThrownException.singleInheritanceVTable
        let thread = Thread(
            tid: 7, isMainThread: true, currentSignal: 6, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: 0, systemMicroseconds: 0),
            registers: RegisterSet(registers: [.init(name: "rsp", value: stackPointer)], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false, frames: [], unwindStatus: .complete, systemCall: nil)
        let process = Process(
            pid: 7, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: 7,
            threads: [thread], modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: [],
            memorySegments: [MemorySegment(
                startAddress: stackPointer - 0x1000, endAddress: stackPointer + 0x1000, dumpedSize: 0x2000,
                isReadable: true, isWritable: true, isExecutable: false)])
        return (memory, symbols, ProcessImage(process: process, memory: memory, symbols: symbols))
    }

    static func read(_ image: ProcessImage) -> ThrownException? {
        ThrownException.read(thrownBy: image.process.threads[0], in: image)
    }

    @Test func aRuntimeErrorGivesItsTypeAndMessage() throws {
        let (_, _, image) = Self.model()
        let exception = try #require(Self.read(image))
        #expect(exception == ThrownException(typeName: "std::runtime_error", message: "missing '=' in line 7", objectAddress: Self.object))
    }

    @Test func aPointerToTheObjectItselfIsFoundToo() throws {
        let (memory, _, image) = Self.model()
        memory.write(Self.object, at: Self.stackPointer + 0x40)
        #expect(Self.read(image)?.typeName == "std::runtime_error")
    }

    @Test func aTypeDerivedFromRuntimeErrorGivesItsMessage() throws {
        let (_, _, image) = Self.model(type: Self.derivedTypeInfo)
        let exception = try #require(Self.read(image))
        #expect(exception.typeName == "app::ConfigError")
        #expect(exception.message == "missing '=' in line 7")
    }

    @Test func aTypeNotDerivedFromTheStandardOnesGivesNoMessage() throws {
        let (_, symbols, image) = Self.model(type: Self.derivedTypeInfo)
        symbols.names[Self.siVTable] = "vtable for __cxxabiv1::__class_type_info"
        let exception = try #require(Self.read(image))
        #expect(exception.typeName == "app::ConfigError")
        #expect(exception.message == nil)
    }

    @Test func aTypeInfoWithoutSymbolIsNamedFromItsMangledName() throws {
        let (memory, symbols, image) = Self.model()
        symbols.names[Self.runtimeErrorTypeInfo] = nil
        memory.write(0x70_0000, at: Self.runtimeErrorTypeInfo + 8)
        memory.write("St13runtime_error", at: 0x70_0000)
        let exception = try #require(Self.read(image))
        #expect(exception.typeName == "St13runtime_error")
        #expect(exception.message == "missing '=' in line 7")
    }

    @Test func controlCharactersAndLongMessagesAreTamed() throws {
        let long = String(repeating: "x", count: ThrownException.maximumMessageLength + 10)
        let (_, _, image) = Self.model(message: "line\u{1B}[31m\nend")
        #expect(Self.read(image)?.message == "line?[31m?end")
        let (_, _, longImage) = Self.model(message: long)
        #expect(Self.read(longImage)?.message == String(repeating: "x", count: ThrownException.maximumMessageLength) + "...")
    }

    @Test func hostileHeadersGiveNoExceptionOrNoMessage() throws {
        // No exception class: nothing.
        var (memory, _, image) = Self.model()
        memory.write(0x4141_4141_4141_4141, at: Self.object - 32)
        #expect(Self.read(image) == nil)
        // A type_info pointer to nowhere: nothing.
        (memory, _, image) = Self.model()
        memory.write(0xdead_beef_0000, at: Self.object - 112)
        #expect(Self.read(image) == nil)
        // A mangled name with control characters is no type.
        (memory, _, image) = Self.model()
        memory.write(0xdead_0000, at: Self.object - 112)
        memory.write(0x1, at: 0xdead_0000)
        memory.write(0x70_0000, at: 0xdead_0008)
        memory.write("St13\u{7}runtime", at: 0x70_0000)
        #expect(Self.read(image) == nil)
        // A message length past any string, a character pointer near 0 or at the top of memory:
        // the type without a message.
        for (characters, length) in [(Self.characters, UInt64.max), (UInt64(8), UInt64(4)), (UInt64.max - 4, UInt64(4))] {
            (memory, _, image) = Self.model()
            memory.write(characters, at: Self.object + 8)
            memory.write(length, at: Self.characters - 24)
            let exception = try #require(Self.read(image))
            #expect(exception.typeName == "std::runtime_error")
            #expect(exception.message == nil)
        }
        // A base-class cycle ends.
        let (cycleMemory, cycleSymbols, cycleImage) = Self.model(type: Self.derivedTypeInfo)
        cycleMemory.write(Self.derivedTypeInfo + 0x100, at: Self.derivedTypeInfo + 16)
        cycleMemory.write(Self.siVTable, at: Self.derivedTypeInfo + 0x100)
        cycleMemory.write(Self.derivedTypeInfo, at: Self.derivedTypeInfo + 0x110)
        cycleSymbols.names[Self.derivedTypeInfo + 0x100] = "typeinfo for app::Other"
        let cyclic = try #require(Self.read(cycleImage))
        #expect(cyclic.typeName == "app::ConfigError")
        #expect(cyclic.message == nil)
    }

    @Test func stackPointersAtTheEdgesOfMemoryDoNotTrap() throws {
        for stackPointer in [UInt64.max - 3, UInt64.max, 0, 5] {
            let (memory, symbols, image) = Self.model()
            var process = image.process
            process.threads[0].registers = RegisterSet(registers: [.init(name: "rsp", value: stackPointer)], programCounterName: "rip", stackPointerName: "rsp")
            process.memorySegments = [MemorySegment(
                startAddress: stackPointer & ~0xfff, endAddress: UInt64.max, dumpedSize: 0x1000,
                isReadable: true, isWritable: true, isExecutable: false)]
            memory.write(UInt64.max, at: stackPointer)
            #expect(ThrownException.read(thrownBy: process.threads[0], in: ProcessImage(process: process, memory: memory, symbols: symbols)) == nil)
        }
    }
}
