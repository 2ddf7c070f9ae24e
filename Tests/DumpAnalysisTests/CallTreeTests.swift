import Testing
import DumpAnalysis
import DumpModel

/// The flame graph's tree: a recursion folded into one node, the runtime flag of each node,
/// and the nodes a finding's threads pass through.
@Suite struct CallTreeTests {
    /// stack-overflow: the crashed thread's run of `descend` frames is one node, as many rounds
    /// as the crash analysis counted, a lower bound when the unwind stopped inside the run;
    /// the thread's path has one node per frame outside the run.
    @Test func aStackOverflowsRecursionIsOneNode() throws {
        let subject = try AnalysedFixture("stack-overflow")
        let tree = subject.analysis.callTree
        guard case .stackOverflow(let recursion?) = subject.analysis.crash?.kind else {
            Issue.record("no recursion in \(String(describing: subject.analysis.crash?.kind))")
            return
        }
        let crashed = try #require(subject.process.threads.first { $0.tid == (try? subject.tid("crash_tid")) })
        let folded = tree.nodes.filter { $0.function == "descend" }
        #expect(folded.count == 1)
        #expect(folded.first?.recursion == CallTree.Recursion(rounds: recursion.repetitions, isLowerBound: recursion.isLowerBound))
        #expect(folded.first?.isRuntime == false)
        #expect(recursion.repetitions >= 1024)
        let leaf = try #require(tree.nodes.firstIndex { $0.leafTIDs.contains(crashed.tid) })
        #expect(tree.nodes[leaf].function == "descend")
        #expect(Self.depth(of: leaf, in: tree) == crashed.depth - recursion.frameCount + 1)
        let main = try #require(subject.process.threads.first { $0.isMainThread })
        #expect(tree.nodes.count == 1 + main.frames.count + crashed.depth - recursion.frameCount + 1)
    }

    /// A cycle of two functions called four times over is one node named by the round from
    /// the outermost (`b → a`), between its caller and its callee.
    @Test func aCycleOfTwoFunctionsIsOneNode() throws {
        let image = SyntheticProcess.image([
            SyntheticProcess.thread(1, ["leaf", "a", "b", "a", "b", "a", "b", "a", "b", "main"]),
            SyntheticProcess.thread(2, ["leaf", "a", "b", "main"]),
        ])
        let tree = ProcessAnalysis.analyze(image).callTree
        let main = try #require(tree.root.children.first.map { tree.nodes[$0] })
        #expect(main.function == "main")
        let callees = main.children.map { tree.nodes[$0] }
        #expect(callees.map(\.function) == ["b → a", "b"])
        #expect(callees.map(\.recursion) == [CallTree.Recursion(rounds: 4, isLowerBound: false), nil])
        #expect(callees[0].children.map { tree.nodes[$0].function } == ["leaf"])
        #expect(tree.nodes.count == 7)
    }

    /// warmup-lock: the C library's frames are runtime frames, the program's are not; the
    /// holder's and a waiter's paths are the nodes of their threads.
    @Test func nodesCarryTheRuntimeFlagAndTheThreadsThroughThem() throws {
        let subject = try AnalysedFixture("warmup-lock")
        let tree = subject.analysis.callTree
        let runtime = Set(tree.nodes.filter(\.isRuntime).map(\.function))
        #expect(runtime.isSuperset(of: ["__clone3", "start_thread", "__pthread_mutex_lock", "__lll_lock_wait", "_start"]))
        #expect(runtime.isDisjoint(with: ["lookup_model", "warm_up_model_cache", "bulk_insert", "main", "request_worker"]))

        let holder = try subject.tid("holder_tid")
        let (passing, ending) = tree.nodes(ofThreads: [holder])
        #expect(Set(passing.map { tree.nodes[$0].function }) == ["all threads", "__clone3", "start_thread", "bulk_insert", "warm_up_model_cache"])
        #expect(ending.map { tree.nodes[$0].function } == ["warm_up_model_cache"])
        let waiters = tree.nodes(ofThreads: Set(subject.tids("waiter_tids")))
        #expect(waiters.ending.map { tree.nodes[$0].function } == ["__lll_lock_wait"])
        #expect(waiters.passing.count == 8)
        #expect(tree.nodes(ofThreads: [99_999]) == ([], []))
    }

    private static func depth(of node: Int, in tree: CallTree) -> Int {
        var parent: [Int: Int] = [:]
        for (index, candidate) in tree.nodes.enumerated() { for child in candidate.children { parent[child] = index } }
        var depth = 0, current = node
        while let up = parent[current] { depth += 1; current = up }
        return depth
    }
}
