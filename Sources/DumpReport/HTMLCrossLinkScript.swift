/// The script and style of the HTML report's cross-links (``HTMLThreadLinks``) and thread
/// table (``HTMLThreadTable``), embedded in the page. The links work without it (they are
/// plain `href="#thread-TID"`); the script only opens the group of stacks a link lands on and
/// drives the thread table's filter box.
enum HTMLCrossLinkScript {
    /// Opens the `<details>` around the target of a `#thread-TID` link, when the link is
    /// clicked and when the page is opened or moved to such a fragment, and scrolls to the
    /// target; shows the thread table's filter box and, on each keystroke, hides the rows
    /// whose text (cells joined by tabs, case ignored) does not contain what is typed,
    /// telling how many are shown.
    static let main: StaticString = #"""
        (function () {
          "use strict";
          function openThread(hash, scroll) {
            if (!/^#thread-[0-9]+$/.test(hash)) return;
            var target = document.getElementById(hash.slice(1));
            if (!target) return;
            for (var node = target.parentElement; node; node = node.parentElement) {
              if (node.tagName === "DETAILS" && !node.open) node.open = true;
            }
            if (scroll) target.scrollIntoView({ block: "start" });
          }
          document.addEventListener("click", function (event) {
            var link = event.target && event.target.closest ? event.target.closest("a") : null;
            if (link) openThread(link.getAttribute("href") || "", false);
          });
          window.addEventListener("hashchange", function () { openThread(location.hash, true); });
          if (location.hash) openThread(location.hash, true);

          var input = document.getElementById("thread-filter");
          var table = document.getElementById("all-threads");
          if (!input || !table || !table.tBodies.length) return;
          var rows = Array.prototype.slice.call(table.tBodies[0].rows);
          var texts = rows.map(function (row) {
            return Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; }).join("\t").toLowerCase();
          });
          var count = document.getElementById("thread-filter-count");
          function apply() {
            var query = input.value.trim().toLowerCase();
            var shown = 0;
            rows.forEach(function (row, index) {
              var match = query === "" || texts[index].indexOf(query) >= 0;
              row.hidden = !match;
              if (match) shown += 1;
            });
            if (count) count.textContent = query === "" ? "" : shown + " of " + rows.length + " threads";
          }
          input.addEventListener("input", apply);
          input.parentElement.parentElement.hidden = false;
          apply();
        })();
        """#

    /// The links' colours, the landed-on TID and its group highlighted, the room left above a
    /// target for the sticky navigation bar, and the thread table.
    static let css: StaticString = """
        a.tid { color: var(--accent); text-decoration: none; }
        a.tid:hover { text-decoration: underline; }
        details.stack [id^="thread-"], table.locks tr[id^="lock-"] { scroll-margin-top: 48px; }
        table.locks tr:target td { background: var(--warning-bg); }
        details.stack :target { background: var(--warning-bg); outline: 2px solid var(--warning); border-radius: 3px; }
        details.stack:has(:target) { border-color: var(--warning); }
        svg a { cursor: pointer; }
        svg a:hover .wg-node rect { stroke-width: 2.5; }
        svg a:hover text.label { fill: var(--accent); text-decoration: underline; }
        .thread-filter input { font: inherit; padding: 2px 6px; min-width: 24em; }
        #thread-filter-count { color: var(--muted); margin-left: 8px; }
        table.threads td:nth-child(1) { white-space: nowrap; }

        """
}
