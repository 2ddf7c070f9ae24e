import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// How the reader finds the files behind a core's modules: `--sysroot`, `--debug-dir`'s
/// build-id tree, and what it says when a file is missing or is the wrong build.
@Suite struct ModuleLocationTests {
    let fixture = Fixture("warmup-lock")

    private var executableName: String { fixture.facts["executable_path"]! }

    @Test func sysrootPrefixesTheRecordedPath() throws {
        let sysroot = try Scratch.makeDirectory(named: "sysroot")
        let target = sysroot + executableName
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture.executablePath, toPath: target)
        let process = try CoreReader.read(path: fixture.compressedCorePath, options: CoreReadOptions(sysroot: sysroot)).process
        let module = try #require(process.modules.first { $0.name == executableName })
        #expect(module.filePath == target)
        #expect(module.symbolStatus == .debugInfo)
        #expect(process.isComplete, "\(process.diagnostics)")
    }

    @Test func missingExecutableIsAWarningAndFramesKeepModuleOffsets() throws {
        let empty = try Scratch.makeDirectory(named: "empty-sysroot")
        let process = try CoreReader.read(path: fixture.compressedCorePath, options: CoreReadOptions(sysroot: empty)).process
        let module = try #require(process.modules.first { $0.name == executableName })
        #expect(module.symbolStatus == .missing)
        #expect(process.diagnostics.contains {
            $0.severity == .warning && $0.message.hasPrefix("libdw cannot find the executable at \(executableName)") && $0.message.contains("pass --exe")
        })
        let main = try #require(process.mainThread)
        #expect(main.frames[0].function == nil)
        #expect(main.frames[0].moduleOffset == main.frames[0].pc - module.startAddress)
        // Without the file there is no CFI: libdwfl falls back to frame pointers, and says so.
        let waiter = try #require(process.thread(tid: fixture.tid("waiter_tids")))
        #expect(waiter.frames.count > 1)
        #expect(waiter.frames.dropFirst().allSatisfy { $0.trust == .framePointer })
    }

    @Test func wrongBuildIsRejectedAndNamed() throws {
        let other = Fixture("deadlock")
        let process = try CoreReader.read(
            path: fixture.compressedCorePath,
            options: CoreReadOptions(executablePath: other.executablePath, sysroot: try Scratch.makeDirectory(named: "no-sysroot"))).process
        let module = try #require(process.modules.first { $0.buildID == fixture.facts["build_id"] })
        let otherBuildID = try #require(other.facts["build_id"])
        #expect(module.symbolStatus == .buildIDMismatch(fileBuildID: otherBuildID))
        #expect(process.diagnostics.contains { $0.message.contains("has build-id \(other.facts["build_id"]!) but the core recorded \(fixture.facts["build_id"]!)") })
        #expect(process.mainThread?.frames.first?.function == nil)
    }

    @Test func debugDirectoryBuildIDTreeFindsTheExecutable() throws {
        let debug = try Scratch.makeDirectory(named: "debug-dir")
        let buildID = try #require(fixture.facts["build_id"])
        let directory = debug + "/.build-id/" + buildID.prefix(2)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fixture.executablePath, toPath: directory + "/" + buildID.dropFirst(2))
        let process = try CoreReader.read(
            path: fixture.compressedCorePath,
            options: CoreReadOptions(sysroot: try Scratch.makeDirectory(named: "absent-root"), debugDirectory: debug)).process
        let module = try #require(process.modules.first { $0.buildID == buildID })
        #expect(module.symbolStatus == .debugInfo)
        #expect(process.mainThread?.frames.compactMap(\.function).contains("main") == true)
    }

    @Test func plainAndCompressedCoresReadTheSame() throws {
        let options = CoreReadOptions(executablePath: try fixture.executablePath)
        let compressed = try CoreReader.read(path: fixture.compressedCorePath, options: options).process
        let plain = try CoreReader.read(path: fixture.plainCorePath, options: options).process
        #expect(plain == compressed)
    }
}
