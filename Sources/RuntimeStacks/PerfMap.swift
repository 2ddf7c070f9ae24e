/// A JIT compiler's perf map (`/tmp/perf-PID.map`): which runtime-generated code lies at which
/// address, as `perf` reads it. Node (`--perf-basic-prof`), the JVM (`jcmd PID
/// Compiler.perfmap`), .NET (`DOTNET_PerfMapEnabled=1`) and Python 3.12 (`-X perf`) write it.
///
/// Each line is `START SIZE name`: the start and size in hexadecimal, with or without `0x`
/// (the JVM writes it, the others do not), and the rest of the line the name. The map is
/// hostile input: lines longer than ``maximumLineLength`` and lines that do not parse are
/// skipped and counted, entries after ``maximumEntryCount`` are ignored, an entry whose end
/// would pass 2^64 is skipped, and control characters in names become `?`.
///
/// Runtimes append to the map as they compile and never remove a line, so code space that was
/// freed and reused is named twice. Where entries overlap, the one written later wins: an
/// earlier entry is cut short where a later one starts (the part of it after the later
/// entry is dropped), and a later-written entry that starts inside an earlier, newer one is
/// cut to begin after it. The table is then sorted and disjoint, and a lookup is a binary
/// search.
public struct PerfMap: Sendable {
    /// One named range of generated code.
    public struct Entry: Equatable, Sendable {
        /// The first address the map gave for the code; offsets into the entry count from here
        /// even when an overlap cut the entry's front.
        public var start: UInt64
        /// The first address this entry covers after overlaps were resolved.
        public var coveredStart: UInt64
        /// One past the last address it covers.
        public var end: UInt64
        /// The name as the runtime wrote it, control characters replaced.
        public var name: String
    }

    /// The longest line read, in bytes; a longer one is skipped.
    public static let maximumLineLength = 4096
    /// The most entries kept; later lines are ignored. A map of 64 MiB (what capture keeps)
    /// holds about a million lines.
    public static let maximumEntryCount = 2_000_000

    /// The entries, sorted by address and disjoint.
    public private(set) var entries: [Entry]
    /// Lines that were skipped: too long, not `START SIZE name`, or past the end of the
    /// address space.
    public private(set) var skippedLineCount: Int
    /// Whether lines after ``maximumEntryCount`` were ignored.
    public private(set) var isTruncated: Bool

    /// Parses a map's bytes (text, one entry a line).
    public init(parsing bytes: [UInt8]) {
        var parsed: [(entry: Entry, order: Int)] = []
        var skipped = 0
        var truncated = false
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            if lineEnd == lineStart { continue }
            guard lineEnd - lineStart <= Self.maximumLineLength, let entry = Self.entry(bytes[lineStart..<lineEnd]) else {
                skipped += 1
                continue
            }
            guard parsed.count < Self.maximumEntryCount else {
                truncated = true
                break
            }
            parsed.append((entry, parsed.count))
        }
        parsed.sort { $0.entry.start != $1.entry.start ? $0.entry.start < $1.entry.start : $0.order < $1.order }
        var disjoint: [(entry: Entry, order: Int)] = []
        disjoint.reserveCapacity(parsed.count)
        for var candidate in parsed {
            var isCovered = false
            while let last = disjoint.last, last.entry.end > candidate.entry.coveredStart {
                if candidate.order < last.order {
                    candidate.entry.coveredStart = last.entry.end
                    isCovered = candidate.entry.coveredStart >= candidate.entry.end
                    break
                }
                guard last.entry.coveredStart < candidate.entry.coveredStart else {
                    disjoint.removeLast()
                    continue
                }
                disjoint[disjoint.count - 1].entry.end = candidate.entry.coveredStart
                break
            }
            if !isCovered { disjoint.append(candidate) }
        }
        entries = disjoint.map(\.entry)
        skippedLineCount = skipped
        isTruncated = truncated
    }

    /// The entry covering `address`, or nil.
    public func entry(containing address: UInt64) -> Entry? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = low + (high - low) / 2
            if entries[middle].coveredStart <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0, address < entries[low - 1].end else { return nil }
        return entries[low - 1]
    }

    /// One line's entry, or nil when it is not `START SIZE name` with a non-empty range that
    /// ends inside the address space.
    private static func entry(_ line: ArraySlice<UInt8>) -> Entry? {
        var index = line.startIndex
        func hexField() -> UInt64? {
            if line[index...].starts(with: "0x".utf8) { index += 2 }
            var value: UInt64 = 0
            let first = index
            while index < line.endIndex, let digit = hexDigit(line[index]) {
                guard value >> 60 == 0 else { return nil }
                value = value << 4 | UInt64(digit)
                index += 1
            }
            return index > first ? value : nil
        }
        guard let start = hexField(), index < line.endIndex, line[index] == UInt8(ascii: " ") else { return nil }
        index += 1
        guard let size = hexField(), size > 0, index < line.endIndex, line[index] == UInt8(ascii: " ") else { return nil }
        let (end, overflow) = start.addingReportingOverflow(size)
        guard !overflow else { return nil }
        var nameBytes = line[(index + 1)...]
        if nameBytes.last == UInt8(ascii: "\r") { nameBytes.removeLast() }
        return Entry(start: start, coveredStart: start, end: end, name: printableName(nameBytes))
    }

    /// The name decoded as UTF-8 (invalid sequences replaced), with every control character
    /// (C0, DEL, C1) replaced by `?`.
    private static func printableName(_ bytes: ArraySlice<UInt8>) -> String {
        let name = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return name }
        var printable = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            printable.append(scalar.properties.generalCategory == .control ? "?" : scalar)
        }
        return String(printable)
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
