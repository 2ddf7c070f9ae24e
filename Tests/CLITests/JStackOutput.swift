/// What `jhsdb jstack --core` says of each Java thread.
struct JStackOutput {
    struct JavaThread {
        /// The thread's name.
        var name: String
        /// Its TID (`nid=0x...`).
        var tid: Int
        /// What the heading says after the nid: `waiting for monitor entry`, `in Object.wait()`.
        var status: String
        /// The object of a `- waiting to lock <0x...>` line, if any.
        var waitingToLock: String?
        /// The objects of its `- locked <0x...>` lines.
        var locked: [String]
        /// The rest of a `- parking to wait for <0x...>` line: `<0x...> (a ...)`.
        var parkedFor: String?
        /// What its `java.lang.Thread.State: ` line says: `WAITING (parking)`.
        var javaState: String?
        /// The objects under its `Locked ownable synchronizers:` (`jhsdb jstack --locks`):
        /// `<0x00000000fc087580>` of `- <0x00000000fc087580>, (a java/util/...)`.
        var ownableSynchronizers: [String] = []
        /// Its Java frames, innermost first.
        var frames: [JavaFrame] = []
    }

    /// One frame line: ` - JavaWarmup.warmUp() @bci=9, line=13 (Interpreted frame)`.
    struct JavaFrame: Equatable {
        /// The method without its parameter types: `JavaWarmup.warmUp`.
        var method: String
        /// The line, when jhsdb gives one.
        var line: Int?
        /// Whether jhsdb says `Compiled frame`.
        var isCompiled: Bool
    }

    var threads: [JavaThread] = []

    /// Reads jhsdb's headings (`"blocked-0" #13 prio=5 tid=0x... nid=0x760a waiting for monitor
    /// entry [0x...]`) and the lock lines under them.
    init(parsing text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\""), let close = line.dropFirst().firstIndex(of: "\""),
               let nid = line.range(of: " nid=0x") {
                let afterNid = line[nid.upperBound...]
                let hex = afterNid.prefix { $0.isHexDigit }
                guard let tid = Int(hex, radix: 16) else { continue }
                var status = afterNid.dropFirst(hex.count).drop { $0 == " " }
                if let bracket = status.range(of: " [", options: .backwards) { status = status[..<bracket.lowerBound] }
                threads.append(JavaThread(
                    name: String(line[line.index(after: line.startIndex)..<close]), tid: tid, status: String(status),
                    waitingToLock: nil, locked: [], parkedFor: nil))
                continue
            }
            guard !threads.isEmpty else { continue }
            let content = line.drop { $0 == " " || $0 == "\t" }
            if content.hasPrefix("- waiting to lock ") {
                threads[threads.count - 1].waitingToLock = Self.object(content.dropFirst("- waiting to lock ".count))
            } else if content.hasPrefix("- locked ") {
                threads[threads.count - 1].locked.append(Self.object(content.dropFirst("- locked ".count)))
            } else if content.hasPrefix("java.lang.Thread.State: ") {
                threads[threads.count - 1].javaState = String(content.dropFirst("java.lang.Thread.State: ".count))
            } else if content.hasPrefix("- <0x"), content.contains(">, (a ") {
                threads[threads.count - 1].ownableSynchronizers.append(Self.object(content.dropFirst(2).prefix { $0 != "," }))
            } else if content.hasPrefix("- parking to wait for ") {
                threads[threads.count - 1].parkedFor = String(content.dropFirst("- parking to wait for ".count))
            } else if content.hasPrefix("- "), let parenthesis = content.firstIndex(of: "("), content.contains(" frame") {
                let line = content.range(of: ", line=").flatMap { Int(content[$0.upperBound...].prefix { $0.isNumber }) }
                threads[threads.count - 1].frames.append(JavaFrame(
                    method: String(content[content.index(content.startIndex, offsetBy: 2)..<parenthesis]), line: line,
                    isCompiled: content.contains("(Compiled frame")))
            }
        }
    }

    /// `<0x00000000fc6d4100>` of `<0x00000000fc6d4100> (a java.lang.Object)`.
    private static func object(_ text: Substring) -> String {
        String(text.prefix { $0 != " " })
    }
}
