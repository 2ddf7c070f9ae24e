import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// Data symbols by address and by name, for naming locks and finding glibc's globals.
@Suite struct CoreSymbolsTests {
    @Test func namesAGlobalLockAndAnAddressInsideAnArray() throws {
        let fixture = Fixture("session-lock")
        let core = try CoreReader.read(
            path: fixture.compressedCorePath, options: CoreReadOptions(executablePath: fixture.executablePath))
        let lock = try fixture.address("waiters_blocked_on")
        let symbol = try #require(core.symbols.symbol(containing: lock))
        #expect(symbol.name == "sessions")
        #expect(symbol.address + symbol.offset == lock)
        #expect(symbol.description == "sessions+0x" + String(symbol.offset, radix: 16))

        let warmup = Fixture("warmup-lock")
        let warmupCore = try CoreReader.read(
            path: warmup.compressedCorePath, options: CoreReadOptions(executablePath: warmup.executablePath))
        let modelLock = try warmup.address("model_lock_address")
        #expect(warmupCore.symbols.symbol(containing: modelLock)?.description == "model_lock")
        #expect(warmupCore.symbols.address(ofSymbol: "model_lock") == modelLock)
        #expect(warmupCore.symbols.address(ofSymbol: "no_such_symbol_anywhere") == nil)
    }

    @Test func findsLocalGlibcSymbolsOfAStaticBinary() throws {
        let fixture = Fixture("assert-fail")
        let core = try CoreReader.read(
            path: fixture.compressedCorePath, options: CoreReadOptions(executablePath: fixture.executablePath))
        #expect(core.symbols.address(ofSymbol: "__abort_msg") != nil)
        #expect(core.symbols.address(ofSymbol: "main_arena") != nil)
    }
}
