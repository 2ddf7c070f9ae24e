import DumpModel

/// Where the fields the goroutine reader needs lie in Go's `runtime.g` and `runtime.m`, from
/// the binary's DWARF: they move between Go releases (and with build flags), so no offset is
/// hard-coded.
struct GoRuntimeLayout {
    /// A field of a structure: its offset and size in bytes.
    struct Field {
        var offset: Int
        var size: Int

        /// The field's little-endian value in `bytes` (a structure read whole), nil when it
        /// does not fit or is not 1, 2, 4 or 8 bytes wide.
        func value(in bytes: [UInt8]) -> UInt64? {
            guard [1, 2, 4, 8].contains(size), offset >= 0, offset <= bytes.count - size else { return nil }
            var value: UInt64 = 0
            for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
            return value
        }
    }

    /// The size of a `runtime.g`.
    var goroutineSize: Int
    var goid: Field
    var atomicStatus: Field
    var waitReason: Field
    var waitSince: Field
    var schedPC: Field
    var schedSP: Field
    var schedBP: Field
    var syscallPC: Field
    var syscallSP: Field
    var thread: Field
    var stackLow: Field
    var stackHigh: Field
    var startPC: Field
    var creatorPC: Field
    /// The size of a `runtime.m`.
    var threadSize: Int
    /// `m.procid`: the OS thread id.
    var threadProcessID: Field
    /// `m.curg`: the goroutine the thread runs.
    var threadCurrentGoroutine: Field

    /// Structures larger than this are not Go's `g` or `m` (a few hundred bytes to a few
    /// kilobytes): a corrupt DWARF cannot make each read allocate without bound.
    static let maximumStructureSize = 65_536

    /// The layout from `types`, or the first field it lacks, for the note saying why the
    /// goroutines could not be read.
    static func resolve(_ types: any TypeLayoutLookup) -> Result<GoRuntimeLayout, MissingField> {
        func field(_ type: String, _ path: String) throws(MissingField) -> Field {
            guard let member = types.member(path, ofType: type), let offset = Int(exactly: member.offset),
                  let size = Int(exactly: member.size), offset < maximumStructureSize
            else { throw MissingField(name: "\(type).\(path)") }
            return Field(offset: offset, size: size)
        }
        func size(_ type: String) throws(MissingField) -> Int {
            guard let size = types.size(ofType: type).flatMap({ Int(exactly: $0) }), size > 0, size <= maximumStructureSize
            else { throw MissingField(name: type) }
            return size
        }
        do throws(MissingField) {
            return .success(GoRuntimeLayout(
                goroutineSize: try size("runtime.g"),
                goid: try field("runtime.g", "goid"), atomicStatus: try field("runtime.g", "atomicstatus"),
                waitReason: try field("runtime.g", "waitreason"), waitSince: try field("runtime.g", "waitsince"),
                schedPC: try field("runtime.g", "sched.pc"), schedSP: try field("runtime.g", "sched.sp"),
                schedBP: try field("runtime.g", "sched.bp"), syscallPC: try field("runtime.g", "syscallpc"),
                syscallSP: try field("runtime.g", "syscallsp"), thread: try field("runtime.g", "m"),
                stackLow: try field("runtime.g", "stack.lo"), stackHigh: try field("runtime.g", "stack.hi"),
                startPC: try field("runtime.g", "startpc"), creatorPC: try field("runtime.g", "gopc"),
                threadSize: try size("runtime.m"), threadProcessID: try field("runtime.m", "procid"),
                threadCurrentGoroutine: try field("runtime.m", "curg")))
        } catch {
            return .failure(error)
        }
    }

    /// A structure or field the binary's DWARF does not describe.
    struct MissingField: Error {
        /// `runtime.g.sched.pc`, `runtime.m`.
        var name: String
    }
}
