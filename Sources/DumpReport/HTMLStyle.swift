/// The HTML reports' style sheets, embedded in each page: a light, plain design in the manner of
/// DebugDiag's analysis report (a coloured header, then sections of facts and tables), with
/// severity colours (error red, warning amber, information blue) and the charts' colours.
/// System fonts only: the page loads nothing.
package enum HTMLStyle {
    package static let css: StaticString = """
        :root {
          --text: #1f2328; --muted: #59636e; --line: #d0d7de; --panel: #f6f8fa; --accent: #0b57a4;
          --error: #c62828; --error-bg: #fdecea; --warning: #b45f06; --warning-bg: #fff4e0;
          --information: #1565c0; --information-bg: #e8f1fb;
          --user: #4e79a7; --system: #f28e2b; --thread: #eef4fb; --lock: #fff7e6;
          --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--text); background: #fff;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header.report { background: linear-gradient(180deg, #0d4f91, #0b57a4); color: #fff; padding: 18px 28px 14px; }
        header.report h1 { margin: 0; font-size: 22px; font-weight: 600; }
        header.report .command { font-family: var(--mono); font-weight: 500; }
        header.report p { margin: 4px 0 0; }
        header.report .subtitle { opacity: .9; }
        header.report .tally .badge { box-shadow: 0 0 0 1px rgba(255,255,255,.6); }
        nav { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line);
          padding: 6px 28px; font-size: 13px; }
        nav a { color: var(--accent); text-decoration: none; margin-right: 16px; }
        nav a:hover { text-decoration: underline; }
        main { padding: 4px 28px 32px; max-width: 1500px; }
        section { margin-top: 26px; }
        h2 { font-size: 18px; font-weight: 600; color: var(--accent); border-bottom: 2px solid var(--accent);
          padding-bottom: 3px; margin: 0 0 10px; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        footer { color: var(--muted); font-size: 12px; padding: 12px 28px 24px; border-top: 1px solid var(--line); }
        .mono, code { font-family: var(--mono); font-size: 12.5px; }
        .note { color: var(--muted); font-style: italic; }
        .alert { color: var(--error); }
        .badge { display: inline-block; min-width: 5.5em; text-align: center; padding: 1px 7px; border-radius: 10px;
          font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; color: #fff;
          vertical-align: 2px; }
        .badge.error { background: var(--error); }
        .badge.warning { background: var(--warning); }
        .badge.information { background: var(--information); }
        .finding { border: 1px solid var(--line); border-left: 6px solid var(--information); border-radius: 4px;
          background: var(--information-bg); padding: 8px 14px; margin: 10px 0; }
        .finding.error { border-left-color: var(--error); background: var(--error-bg); }
        .finding.warning { border-left-color: var(--warning); background: var(--warning-bg); }
        .finding.none { border-left-color: #2e7d32; background: #edf7ee; }
        .finding h3 { margin: 2px 0 6px; font-size: 15px; }
        .finding p { margin: 4px 0; white-space: pre-line; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 6px 0; align-items: baseline; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .crash-summary { font-weight: 600; color: var(--error); }
        pre.source { font-family: var(--mono); font-size: 12.5px; background: var(--panel); padding: 6px 10px; overflow-x: auto; }
        pre.source mark.crashing-line { background: var(--error-bg); color: var(--error); font-weight: 600; }
        #crash .bytes { opacity: .7; }
        table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
        th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
        thead th, tfoot th { background: var(--panel); font-weight: 600; position: sticky; top: 0; }
        tr.group th { background: #fff; color: var(--muted); font-weight: 600; text-align: left; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.tids, .tids { overflow-wrap: anywhere; }
        td.tids details { display: inline; }
        tr.cycle td, li.cycle { color: var(--error); }
        li.cycle { font-weight: 600; }
        tr.saturated td { background: var(--warning-bg); }
        tbody.runtime td, tr.runtime td { color: var(--muted); }
        td.symbols.good { color: #2e7d32; }
        td.symbols.partial { color: var(--warning); }
        td.symbols.bad { color: var(--error); }
        table.cpu td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.cpu td:last-child { text-align: left; font-family: var(--mono); font-size: 12.5px; }
        table.cpu td.name { text-align: left; font-family: var(--mono); }
        table.registers td { font-family: var(--mono); font-size: 12.5px; }
        table.registers th { background: var(--panel); text-align: right; }
        .scroll { max-height: 34em; overflow: auto; display: inline-block; max-width: 100%; }
        .scroll table { margin: 0; }
        ul.chains, ul.diagnostics { padding-left: 20px; }
        ul.diagnostics li { margin: 3px 0; }
        svg.chart, svg.flame { display: block; max-width: 100%; height: auto; margin: 8px 0 12px; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 12px; fill: var(--text); }
        #cpu-chart rect.user { fill: var(--user); }
        #cpu-chart rect.system { fill: var(--system); }
        #cpu-chart text.label { text-anchor: end; font-family: var(--mono); font-size: 11.5px; }
        #cpu-chart text.value { fill: var(--muted); }
        .wg-node rect { stroke: #6e7781; stroke-width: 1; }
        .wg-node.thread rect { fill: var(--thread); }
        .wg-node.lock rect { fill: var(--lock); stroke: var(--warning); }
        .wg-node.more rect { fill: #fff; stroke-dasharray: 4 3; }
        .wg-node.cycle rect { stroke: var(--error); stroke-width: 2.5; fill: var(--error-bg); }
        .wg-node text.name { font-weight: 600; }
        .wg-node text.detail { fill: var(--muted); font-family: var(--mono); font-size: 11px; }
        .wg-edge { fill: none; stroke: #6e7781; stroke-width: 1.4; }
        .wg-edge.cycle { stroke: var(--error); stroke-width: 2.5; }
        #wg-arrow path { fill: #6e7781; }
        #wg-arrow-cycle path { fill: var(--error); }
        details.stack { border: 1px solid var(--line); border-radius: 4px; margin: 5px 0; }
        details.stack > summary { cursor: pointer; padding: 5px 10px; background: var(--panel); }
        details.stack[open] > summary { border-bottom: 1px solid var(--line); }
        details.stack > summary > .state { margin-right: 0.8em; }
        details.stack .count { font-weight: 600; display: inline-block; min-width: 6.5em; }
        details.stack .role { font-size: 11px; border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; background: #fff; }
        details.stack .tids { color: var(--muted); font-size: 12px; }
        details.stack .depth { font-size: 12px; font-weight: 600; color: var(--error); }
        table.frames tr.fold td { text-align: left; font-style: italic; color: var(--muted); background: var(--panel); }
        div.group { padding: 4px 12px 8px; }
        div.group p { margin: 4px 0; }
        table.frames td { border-width: 0 0 1px 0; padding: 2px 8px; font-family: var(--mono); font-size: 12.5px; }
        table.frames td:first-child { text-align: right; }
        table.frames td:nth-child(4) { overflow-wrap: anywhere; }
        table.frames td:nth-child(5), table.frames td:last-child { font-family: inherit; white-space: nowrap; }
        .flame-toolbar { margin: 6px 0; }
        .flame-toolbar button { font: inherit; padding: 3px 10px; margin-right: 4px; border: 1px solid var(--line);
          border-radius: 4px; background: #fff; cursor: pointer; }
        .flame-toolbar button[aria-pressed="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
        .flame-toolbar button:disabled { opacity: .45; cursor: not-allowed; }
        .flame-details { font-family: var(--mono); font-size: 12px; min-height: 1.5em; color: var(--muted); }
        svg.flame g { cursor: pointer; }
        svg.flame rect { stroke: #fff; stroke-width: .5; }
        svg.flame g:hover rect { stroke: #000; stroke-width: 1; }
        svg.flame g.ancestor rect { opacity: .55; }
        svg.flame text { font-size: 11px; pointer-events: none; fill: #1f2328; }
        .flame-toolbar input[type="search"] { font: inherit; padding: 2px 6px; margin-left: 8px; border: 1px solid var(--line); border-radius: 4px; }
        .flame-matched { font-size: 13px; color: var(--muted); margin-left: 6px; }
        svg.flame.has-focus g:not(.focus) rect { opacity: .4; }
        svg.flame g.focus rect { stroke: #1f2328; stroke-width: 1; }
        svg.flame g.focus-first rect { stroke: #000; stroke-width: 2.5; }
        svg.flame g.match rect { fill: #d100d1; opacity: 1; }
        svg.flame g.match text { fill: #fff; }
        #js-errors { margin: 0; padding: 8px 28px; background: var(--error-bg); color: var(--error); white-space: pre-wrap; }
        #js-errors:empty { display: none; }
        @media print { nav, .flame-toolbar { display: none; } details.stack { break-inside: avoid; } }

        """

    /// Written after ``css`` on the comparison page only (the single-core page is unchanged):
    /// its CPU charts have a bar per interval between cores, one colour per interval (six,
    /// repeated past the sixth interval).
    static let comparisonCSS: StaticString = """
        svg.chart text.label { text-anchor: end; font-family: var(--mono); font-size: 11.5px; }
        svg.chart text.value { fill: var(--muted); }
        svg.chart rect.interval-0 { fill: #4e79a7; }
        svg.chart rect.interval-1 { fill: #f28e2b; }
        svg.chart rect.interval-2 { fill: #59a14f; }
        svg.chart rect.interval-3 { fill: #b07aa1; }
        svg.chart rect.interval-4 { fill: #76b7b2; }
        svg.chart rect.interval-5 { fill: #e15759; }

        """
}
