import CoreTriage
import CrashStore
import Testing

@Suite struct GroupOutputTests {
    static let group = CrashGroup(
        outcome: .crash, signature: "d74ad458e13f4033", count: 12, firstSeenMicroseconds: 1_700_000_000_000_000,
        lastSeenMicroseconds: 1_700_000_060_000_000, hosts: ["a", "b", "c", "d"], executables: ["/usr/bin/shop"],
        buildIDs: ["f1f1"], units: ["shop.service"], exampleRecordID: 7, exampleHost: "a",
        examplePath: "/var/lib/systemd/coredump/core.shop.0.0123456789abcdef0123456789abcdef.77.1700000060000000.zst",
        exampleTopFinding: "NULL pointer dereference in `process_order`\u{1B}[2J (thread 77)", exampleError: nil)
    static var counts: TriageRun.Counts {
        var counts = TriageRun.Counts()
        counts.analysed = 12
        counts.errors = 1
        counts.skipped = 3
        return counts
    }
    static let result = TriageResult(groups: [group], counts: counts, database: "/db.sqlite")

    @Test func textShowsTheUnitsBesideTheHosts() {
        let text = GroupTextReport.render(Self.result, width: 200)
        #expect(text.contains("         first seen 2023-11-14T22:13:20Z; 4 hosts: a, b, c and 1 more; unit: shop.service\n"))
        #expect(GroupJSONReport.render(Self.result) { _ in nil }.contains(#""hosts":["a","b","c","d"],"units":["shop.service"],"executables""#))
        #expect(TriageIndexPage.render(Self.result, links: [:], toolVersion: "0.1.0").contains(#"<td>a, b, c, d</td><td class="mono">shop.service</td>"#))
    }

    @Test func textNamesEachExecutableOnce() {
        var group = Self.group
        group.executables = ["/opt/shop/v1/shop", "/opt/shop/v2/shop", "/usr/bin/shop-admin"]
        let text = GroupTextReport.render(TriageResult(groups: [group], counts: Self.counts, database: "/db.sqlite"), width: 200)
        #expect(text.contains("2023-11-14T22:14:20Z  shop, shop-admin\n"), "\(text)")
    }

    @Test func textWrapsProseCutsTheTableEscapesAndKeepsTheExamplePathWhole() {
        #expect(GroupTextReport.render(Self.result, width: 60) == """
            1 group of 12 cores in /db.sqlite; this run analysed 12 (1
            could not be analysed), skipped 3 already stored.

              COUNT  KIND     SIGNATURE         LAST SEEN             E…
                 12  crash    d74ad458e13f4033  2023-11-14T22:14:20Z  s…
                     NULL pointer dereference in
                     `process_order`\\u{1b}[2J (thread 77)
                     first seen 2023-11-14T22:13:20Z; 4 hosts: a, b, c …
                     build-ids: f1f1
                     example: a:/var/lib/systemd/coredump/core.shop.0.0123456789abcdef0123456789abcdef.77.1700000060000000.zst

            """)
    }

    @Test func ndjsonLineHasEveryFieldOnOneLine() {
        let record = CoreRecord(
            host: "a", path: "/c\n", identity: CoreIdentity(device: 1, inode: 2, size: 300, modificationTimeNanoseconds: 4),
            crashTimeMicroseconds: 1_700_000_000_000_000, analysedAtMicroseconds: 1_700_000_001_000_000,
            unit: "shop.service", commandLine: "/usr/bin/shop --port \"80\"", outcome: .error,
            signature: "unreadable", error: "analyze-dump: error: not a core")
        #expect(CoreRecordLine.render(record) == #"{"host":"a","path":"/c\n","size":300,"executable":null,"build_id":null,"crash_time":"2023-11-14T22:13:20Z","analysed_at":"2023-11-14T22:13:21Z","signal":null,"unit":"shop.service","command_line":"/usr/bin/shop --port \"80\"","kind":"error","signature":"unreadable","top_finding":null,"error":"analyze-dump: error: not a core"}"# + "\n")
    }

    @Test func indexPageEscapesAndLinksOnlyRenderedExamples() {
        let linked = TriageIndexPage.render(Self.result, links: [7: "index.html-reports/record-7.html"], toolVersion: "0.1.0")
        #expect(linked.contains(#"<a href="index.html-reports/record-7.html">"#))
        #expect(!linked.contains("\u{1B}"))
        #expect(linked.contains(#"<body data-report="triage">"#))
        let unlinked = TriageIndexPage.render(Self.result, links: [:], toolVersion: "0.1.0")
        #expect(!unlinked.contains("<a href"))
        #expect(unlinked.contains("a:/var/lib/systemd/coredump/core.shop."))
    }
}
