import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// Application counters read through DWARF (`--queue EXPR`): values and addresses against the
/// facts `Fixtures/regenerate` derived with gdb and nm, and every error a user can meet.
@Suite struct CounterReaderTests {
    private func read(_ fixture: Fixture, executable: String? = nil) throws -> LoadedCore {
        try CoreReader.read(
            path: fixture.compressedCorePath,
            options: CoreReadOptions(executablePath: executable ?? fixture.executablePath))
    }

    @Test func readsAGlobalIntAStructMemberAndAMemberThroughAPointer() throws {
        let fixture = Fixture("healthy")
        let core = try read(fixture)

        let pending = try core.readCounter("pending_requests")
        #expect(pending.value == .signed(Int64(try #require(fixture.intFact("pending_requests")))))
        #expect(pending.typeName == "int")
        #expect(pending.byteSize == 4)
        #expect(pending.address == (try fixture.address("pending_requests_address")))

        let depth = try core.readCounter("request_queue.depth")
        #expect(depth.value == .unsigned(UInt64(try #require(fixture.intFact("request_queue_depth")))))
        #expect(depth.typeName == "long unsigned int")
        #expect(depth.byteSize == 8)
        #expect(depth.address == (try fixture.address("request_queue_address")))
        #expect(try core.readCounter("request_queue.limit").value.intValue == fixture.intFact("request_queue_limit"))

        let backlogAddress = try fixture.address("server_value") + UInt64(try #require(fixture.intFact("server_backlog_count_offset")))
        for expression in ["server->backlog.count", "server.backlog.count", " server -> backlog . count "] {
            let count = try core.readCounter(expression)
            #expect(count.expression == expression)
            #expect(count.value == .signed(Int64(try #require(fixture.intFact("server_backlog_count")))))
            #expect(count.address == backlogAddress)
        }
    }

    @Test func readsTheQueueBacklog() throws {
        let fixture = Fixture("queue-backlog")
        let core = try read(fixture)
        #expect(try core.readCounter("request_queue.depth").value.intValue == fixture.intFact("request_queue_depth"))
        #expect(try core.readCounter("request_queue.limit").value.intValue == fixture.intFact("request_queue_limit"))
        #expect(try core.readCounter("pending_requests").value.intValue == fixture.intFact("pending_requests"))
        #expect(try core.readCounter("request_queue.depth").value.description == fixture.facts["request_queue_depth"])
    }

    /// The kernel does not dump file-backed read-only pages: the string `server->name` points
    /// to is read from the executable's read-only segment.
    @Test func readsReadOnlyDataFromTheExecutable() throws {
        let fixture = Fixture("healthy")
        let core = try read(fixture)
        let name = try #require(fixture.facts["server_name"])
        for (index, byte) in name.utf8.enumerated() {
            let character = try core.readCounter("server->name[\(index)]")
            #expect(character.value == .signed(Int64(byte)))
            #expect(character.typeName == "char")
        }
    }

    @Test func namesWhatIsWrongWithTheExpression() throws {
        let core = try read(Fixture("healthy"))
        let cases: [(String, CounterReadError, String)] = [
            ("no_such_counter", .unknownVariable(name: "no_such_counter"),
             "no global variable `no_such_counter` in the executable or its libraries"),
            ("request_queue.dept",
             .unknownMember(expression: "request_queue", typeName: "struct request_queue", member: "dept", members: ["depth", "limit", "head"]),
             "`request_queue` (struct request_queue) has no member `dept`; its members are depth, limit, head"),
            ("pending_requests.depth", .notAStruct(expression: "pending_requests", typeName: "int", member: "depth"),
             "`pending_requests` is an int, not a struct or union: it has no member `depth`"),
            ("empty_queue->depth", .nullPointer(expression: "empty_queue"), "`empty_queue` is NULL"),
            ("empty_queue.depth", .nullPointer(expression: "empty_queue"), "`empty_queue` is NULL"),
            ("request_queue", .notAnInteger(expression: "request_queue", typeName: "struct request_queue", suggestion: "request_queue.depth"),
             "`request_queue` is a struct request_queue, not an integer: name one of its members, e.g. `request_queue.depth`"),
            ("server", .notAnInteger(expression: "server", typeName: "struct server *", suggestion: "server->backlog.count"),
             "`server` is a struct server *, not an integer: name one of its members, e.g. `server->backlog.count`"),
            ("load_average", .notAnInteger(expression: "load_average", typeName: "double", suggestion: nil),
             "`load_average` is a double, not an integer"),
            ("request_queue.head", .notAnInteger(expression: "request_queue.head", typeName: "void *", suggestion: nil),
             "`request_queue.head` is a void *, not an integer"),
            ("request_queue[0]", .notIndexable(expression: "request_queue", typeName: "struct request_queue"),
             "`request_queue` is a struct request_queue, not an array or pointer: it cannot be indexed"),
            ("queue_mutex.__size[40]", .indexOutOfRange(expression: "queue_mutex.__size", index: 40, count: 40),
             "index 40 is out of range: `queue_mutex.__size` has 40 elements"),
            ("main", .function(name: "main"), "`main` is a function, not a variable: name a global variable"),
            ("errno", .threadLocal(name: "errno"),
             "`errno` is thread-local, and reading thread-local variables is not supported: name a global variable"),
            // Static glibc brings its symbols but no DWARF.
            ("main_arena", .noDebugInfo(name: "main_arena", module: "healthy", moduleHasDebugInfo: true),
             "`main_arena` has no DWARF type information (the debug info of healthy does not describe it): install its debug symbols or pass --debug-dir"),
        ]
        for (expression, error, message) in cases {
            #expect(throws: error, "\(expression)") { try core.readCounter(expression) }
            #expect(error.description == message)
        }
    }

    @Test func syntaxErrorsNameTheColumn() throws {
        let core = try read(Fixture("healthy"))
        let cases: [(String, Int, String)] = [
            ("server->", 9, "a member name after `->`"),
            ("request_queue..depth", 15, "a member name after `.`"),
            ("request_queue[", 15, "a constant index after `[`"),
            ("request_queue[2", 16, "`]` after the index"),
            ("request_queue[-1]", 15, "a constant index after `[`"),
            ("9lives", 1, "a global variable name"),
            ("", 1, "a global variable name"),
            ("render::", 9, "a name after `::`"),
            ("server->backlog count", 17, "`.`, `->` or `[` after `server->backlog`"),
        ]
        for (expression, column, expected) in cases {
            #expect(throws: CounterReadError.syntax(expression: expression, column: column, expected: expected), "\(expression)") {
                try core.readCounter(expression)
            }
        }
        #expect(CounterReadError.syntax(expression: "server->", column: 9, expected: "a member name after `->`").description
            == "cannot parse `server->` at column 9: expected a member name after `->`")
    }

    /// `strip -g` keeps the build-id, so the reader takes the stripped executable; its symbol
    /// table still names the globals.
    @Test func strippedExecutableHasNoDWARF() throws {
        let fixture = Fixture("healthy")
        let stripped = Scratch.directory.appendingPathComponent("healthy-strip-g").path
        try Command.run("/usr/bin/env", ["strip", "-g", "-o", stripped, try fixture.executablePath])
        let core = try read(fixture, executable: stripped)
        #expect(core.process.modules.contains { $0.filePath == stripped && $0.symbolStatus == .symbolsOnly })
        let error = CounterReadError.noDebugInfo(name: "pending_requests", module: "healthy", moduleHasDebugInfo: false)
        #expect(throws: error) { try core.readCounter("pending_requests") }
        #expect(error.description
            == "`pending_requests` has no DWARF type information (healthy has no debug info): install its debug symbols or pass --debug-dir")
        #expect(throws: CounterReadError.noDebugInfo(name: "server", module: "healthy", moduleHasDebugInfo: false)) {
            try core.readCounter("server->backlog.count")
        }
        #expect(throws: CounterReadError.unknownVariable(name: "no_such_counter")) { try core.readCounter("no_such_counter") }
    }

    /// A copy of the core whose `server` pointer is patched to an address no segment covers.
    @Test func pointerOutsideTheCoreIsNotInCore() throws {
        let fixture = Fixture("healthy")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: try fixture.plainCorePath)))
        let offset = try #require(Self.fileOffset(of: try fixture.address("server_address"), inCore: bytes))
        let dangling: UInt64 = 0xdead_0000
        withUnsafeBytes(of: dangling.littleEndian) { bytes.replaceSubrange(offset..<(offset + 8), with: $0) }
        let path = try Scratch.file(named: "healthy-dangling-server", bytes: bytes)
        let core = try CoreReader.read(path: path, options: CoreReadOptions(executablePath: try fixture.executablePath))
        let error = CounterReadError.notInCore(expression: "server->backlog.count", address: dangling + 8)
        #expect(throws: error) { try core.readCounter("server->backlog.count") }
        #expect(error.description
            == "`server->backlog.count` at 0xdead0008 is not in the core: the mapping was not dumped or the core is truncated")
    }

    /// 32-bit types and a 32-bit core: `long` is 4 bytes, and the owner is read at the
    /// offset i386's DWARF gives.
    @Test func readsAnI386Global() throws {
        let fixture = Fixture("deadlock-i386")
        let core = try read(fixture)
        let owner = try core.readCounter("account_a_lock.__data.__owner")
        #expect(owner.value.intValue == fixture.intFact("account_a_lock_owner_tid"))
        #expect(owner.address == (try fixture.address("account_a_lock_address")) + 8)
        #expect(try core.readCounter("account_b_lock.__data.__owner").value.intValue == fixture.intFact("account_b_lock_owner_tid"))
        // deadlock.c starts the balance at 1000 and deadlocks before any transfer changes it.
        let balance = try core.readCounter("account_a_balance")
        #expect(balance.value == .signed(1000))
        #expect(balance.byteSize == 4)
        #expect(balance.typeName == "long int")
    }

    /// Through a C++ class, a base class (`std::mutex` derives from `__mutex_base`), a
    /// typedef'd union and a `volatile bool`.
    @Test func readsMembersOfACppObject() throws {
        let fixture = Fixture("cpp-convoy")
        let core = try read(fixture)
        let owner = try core.readCounter("g_texture_cache.mutex_._M_mutex.__data.__owner")
        #expect(owner.value.intValue == fixture.intFact("mutex_owner_tid"))
        #expect(owner.address == (try fixture.address("mutex_address")) + 8)
        let warming = try core.readCounter("g_texture_cache.warming_")
        #expect(warming.value == .unsigned(1))
        #expect(warming.typeName == "bool")
        #expect(throws: CounterReadError.unknownVariable(name: "render::TextureCache::no_such_member")) {
            try core.readCounter("render::TextureCache::no_such_member")
        }
        #expect(throws: CounterReadError.notAnInteger(
            expression: "g_texture_cache", typeName: "class TextureCache", suggestion: "g_texture_cache.checksum_")) {
            try core.readCounter("g_texture_cache")
        }
    }

    @Test func valuesKeepTheirSignedness() {
        #expect(QueueCounter.Value.unsigned(UInt64.max).description == "18446744073709551615")
        #expect(QueueCounter.Value.unsigned(UInt64.max).intValue == nil)
        #expect(QueueCounter.Value.signed(-1).intValue == -1)
        #expect(QueueCounter.Value.unsigned(283).intValue == 283)
    }

    /// The file offset of a process address in a little-endian ELF64 core, from its PT_LOAD headers.
    private static func fileOffset(of address: UInt64, inCore bytes: [UInt8]) -> Int? {
        func word(_ offset: Int, _ size: Int) -> UInt64 {
            (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
        }
        let headerTable = Int(word(32, 8))
        let headerSize = Int(word(54, 2))
        for index in 0..<Int(word(56, 2)) {
            let header = headerTable + index * headerSize
            let (type, fileOffset, start, fileSize) = (word(header, 4), word(header + 8, 8), word(header + 16, 8), word(header + 32, 8))
            if type == 1, start <= address, address + 8 <= start + fileSize { return Int(fileOffset + (address - start)) }
        }
        return nil
    }
}
