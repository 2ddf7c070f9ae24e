import Testing
@testable import RuntimeStacks

/// `_Py_DebugOffsets` as CPython 3.13.0 publishes it (the values of pyenv's 3.13.0 build):
/// the layout it describes is the table's row; a missing cookie, a free-threaded build and an
/// offset beyond reason are refused.
@Suite struct CPythonDebugOffsetsTests {
    static let version313 = CPythonVersion(major: 3, minor: 13)

    /// The fields by their offset in the struct.
    static let fields: [Int: UInt64] = [
        8: 0x030D_00F0, 16: 0, 40: 632, 64: 0, 72: 0x1cb0, 112: 0x10, 168: 8, 184: 72, 200: 160,
        232: 8, 240: 0, 248: 56, 264: 70, 280: 112, 288: 120, 296: 128, 304: 136, 312: 68, 344: 200,
        528: 32, 544: 32, 552: 16, 560: 40,
    ]

    static func memory(_ changes: [Int: UInt64] = [:], cookie: String = "xdebugpy") -> CPythonMemory {
        let fake = ByteMemory()
        fake.write(bytes: [UInt8](repeating: 0, count: CPythonDebugOffsets.size), at: FakeCPython.runtime)
        fake.write(bytes: Array(cookie.utf8), at: FakeCPython.runtime)
        for (offset, value) in fields.merging(changes, uniquingKeysWith: { $1 }) {
            fake.write(value, at: FakeCPython.runtime + UInt64(offset))
        }
        return CPythonMemory(memory: fake, unicodeType: nil, codeType: nil, bytesType: nil)
    }

    @Test func theOffsetsOf3130AreTheTableRow() throws {
        #expect(try CPythonDebugOffsets.layout(runtime: FakeCPython.runtime, version: Self.version313, memory: Self.memory()) == .python313)
    }

    @Test func anotherReleaseIsReadFromItsOwnOffsets() throws {
        let layout = try CPythonDebugOffsets.layout(runtime: FakeCPython.runtime, version: Self.version313, memory: Self.memory([200: 168, 72: 0x1cc0]))
        #expect(layout?.threadNativeID == 168 && layout?.interpreterThreadsHead == 0x1cc0)
    }

    @Test func refusals() throws {
        #expect(try CPythonDebugOffsets.layout(runtime: FakeCPython.runtime, version: Self.version313, memory: Self.memory(cookie: "notdebug")) == nil)
        #expect(try CPythonDebugOffsets.layout(runtime: FakeCPython.runtime, version: CPythonVersion(major: 3, minor: 12), memory: Self.memory()) == nil)
        #expect(throws: CPythonReadError.unsupported(what: "a free-threaded build (python3.13t)")) {
            try CPythonDebugOffsets.layout(runtime: FakeCPython.runtime, version: Self.version313, memory: Self.memory([16: 1]))
        }
        #expect(throws: CPythonReadError.outOfRange(what: "_Py_DebugOffsets' native_thread_id", value: 1 << 40)) {
            try CPythonDebugOffsets.layout(runtime: FakeCPython.runtime, version: Self.version313, memory: Self.memory([200: 1 << 40]))
        }
        #expect(throws: CPythonReadError.unsupported(what: "_Py_DebugOffsets' unicode state at 40")) {
            try CPythonDebugOffsets.layout(runtime: FakeCPython.runtime, version: Self.version313, memory: Self.memory([544: 40]))
        }
    }
}
