import Testing
import DumpAnalysis
import DumpModel
import FixtureSupport

/// Functions ranked over all threads, and the merged call tree.
@Suite struct HotMethodsTests {
    @Test func warmupFunctionIsHottestAndLookupHasTheMostThreadsInside() throws {
        let subject = try AnalysedFixture("warmup-lock")
        let hot = subject.analysis.hotMethods
        let holderCPU = try #require(subject.analysis.cpu.entry(tid: try subject.tid("holder_tid"))?.time)
        let warm = try #require(hot.entries.first)
        #expect(warm.function == "warm_up_model_cache")
        #expect(warm.exclusiveThreads == 1)
        #expect(warm.exclusiveCPU == holderCPU)
        #expect(warm.source?.line == 39)
        let lookup = try #require(hot.entry(named: "lookup_model"))
        #expect(lookup.exclusiveThreads == 8)
        #expect(lookup.inclusiveThreads == 8)
        #expect(hot.entry(named: "bulk_insert")?.inclusiveCPU == holderCPU)
        #expect(hot.entry(named: "__lll_lock_wait")?.isRuntime == true)
        #expect(hot.entry(named: "start_thread")?.inclusiveThreads == 9)
    }

    @Test func inlinedCppFramesCount() throws {
        let subject = try AnalysedFixture("cpp-convoy")
        let hot = subject.analysis.hotMethods
        #expect(hot.entries.first?.function == "blend_texel")
        #expect(hot.entry(named: "render::TextureCache::lookup(int)")?.exclusiveThreads == 5)
        #expect(hot.entry(named: "std::mutex::lock()")?.isRuntime == true)
    }

    @Test func callTreeMergesStacksFromTheOutermostFrame() throws {
        let subject = try AnalysedFixture("warmup-lock")
        let tree = subject.analysis.callTree
        #expect(tree.root.threadCount == 10)
        #expect(tree.root.cpu == subject.analysis.cpu.entries.reduce(CPUTime.zero) {
            CPUTime(userMicroseconds: $0.userMicroseconds + $1.time.userMicroseconds, systemMicroseconds: $0.systemMicroseconds + $1.time.systemMicroseconds)
        })
        let outer = tree.root.children.map { tree.nodes[$0] }
        #expect(Set(outer.map(\.function)) == ["_start", "__clone3"])
        let clone = try #require(outer.first { $0.function == "__clone3" })
        #expect(clone.threadCount == 9)
        var node = try #require(clone.children.map { tree.nodes[$0] }.first { $0.function == "start_thread" })
        #expect(node.threadCount == 9)
        for function in ["request_worker", "handle_request", "lookup_model", "__pthread_mutex_lock", "__lll_lock_wait"] {
            node = try #require(node.children.map { tree.nodes[$0] }.first { $0.function == function })
            #expect(node.threadCount == 8)
        }
        #expect(node.leafTIDs.sorted() == subject.tids("waiter_tids").sorted())
    }
}
