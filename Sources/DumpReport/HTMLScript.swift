/// The HTML reports' scripts, embedded in each page. Only the flame graph needs them; every
/// table and `<details>` works without JavaScript.
enum HTMLScript {
    /// Runs first, at the top of `<body>`: records any later script error, syntax errors of
    /// the main script included, in `<pre id="js-errors">` (shown only when not empty), one
    /// line each with no trailing newline, where a reader and a headless browser test see it.
    static let errorHandler: StaticString = #"""
        window.onerror = function (message, source, line, column) {
          var output = document.getElementById("js-errors");
          if (output) {
            var where = line ? " (line " + line + (column ? ":" + column : "") + ")" : "";
            output.textContent += (output.textContent ? "\n" : "") + String(message) + where;
          }
          return false;
        };
        """#

    /// Runs last: draws the flame graph from the `#flame-data` island into `#flame-graph`
    /// (an icicle: the root on top, each node as wide as its CPU time or thread count), wires
    /// the toolbar (view buttons, inverted view, hiding runtime frames, reset, search) and
    /// click-to-zoom, then sets `document.body.dataset.jsReady`. A page without a flame graph
    /// (the comparison of cores) runs it too: it only marks the page ready.
    ///
    /// Nodes are `[name index, threads, CPU microseconds, child count, flags, rounds?]` in
    /// preorder (see ``HTMLFlameGraph``). The page opens in the island's `view`. Clicking a
    /// node draws it full width with its ancestors above it; clicking an ancestor zooms out to
    /// it. "Hide runtime frames" merges each runtime frame's callees into its caller; "Inverted"
    /// draws the innermost frames under the root, merged by function, each over its callers,
    /// from the self weight of each node (its weight less its callees'), after hiding runtime
    /// frames when both are on. The search box marks every drawn frame whose label contains
    /// the text (ignoring case) and says how many, and which share of the root they cover
    /// (nested matches counted once), as flamegraph.pl's "Matched:" does.
    static let main: StaticString = #"""
        (function () {
          "use strict";
          var SVG_NS = "http://www.w3.org/2000/svg";
          var WIDTH = 1200, ROW = 17;
          // Node flags (HTMLFlameGraph.Flag).
          var RUNTIME = 1, FOCUS = 2, FOCUS_FIRST = 4, FOCUS_ENDS = 8, FOCUS_FIRST_ENDS = 16, AT_LEAST = 32;

          function seconds(microseconds) { return (microseconds / 1e6).toFixed(2) + " s"; }
          function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }
          function grouped(number) { return String(number).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
          function svgElement(name, attributes, parent) {
            var node = document.createElementNS(SVG_NS, name);
            Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
            parent.appendChild(node);
            return node;
          }

          // A tree as parallel arrays indexed by node; node 0 is the root. Nodes added with
          // child() are merged by caller, name, rounds and runtime flag.
          function Tree() {
            this.name = []; this.rounds = []; this.threads = []; this.cpu = []; this.flags = [];
            this.parent = []; this.depth = []; this.children = []; this.byKey = {};
          }
          Tree.prototype.add = function (parent, name, rounds, flags) {
            var node = this.name.length;
            this.name.push(name); this.rounds.push(rounds); this.threads.push(0); this.cpu.push(0);
            this.flags.push(flags); this.parent.push(parent); this.children.push([]);
            this.depth.push(parent === -1 ? 0 : this.depth[parent] + 1);
            if (parent !== -1) { this.children[parent].push(node); }
            return node;
          };
          Tree.prototype.child = function (parent, source, sourceNode) {
            var kind = source.flags[sourceNode] & (RUNTIME | AT_LEAST);
            var key = parent + "/" + source.name[sourceNode] + "/" + source.rounds[sourceNode] + "/" + kind;
            var node = this.byKey[key];
            if (node === undefined) {
              node = this.add(parent, source.name[sourceNode], source.rounds[sourceNode], kind);
              this.byKey[key] = node;
            }
            return node;
          };
          Tree.prototype.selfWeight = function (node, weights) {
            var own = weights[node];
            this.children[node].forEach(function (child) { own -= weights[child]; });
            return Math.max(own, 0);
          };

          // The island's preorder list as a tree.
          function treeFromData(data) {
            var tree = new Tree(), open = [];
            data.nodes.forEach(function (entry) {
              while (open.length && open[open.length - 1].remaining === 0) { open.pop(); }
              var up = open.length ? open[open.length - 1] : null;
              var node = tree.add(up ? up.node : -1, entry[0], entry.length > 5 ? entry[5] : 0, entry[4] || 0);
              tree.threads[node] = entry[1];
              tree.cpu[node] = entry[2];
              if (up) { up.remaining -= 1; }
              open.push({ node: node, remaining: entry[3] });
            });
            return tree;
          }

          // The tree without runtime frames: each one's callees merge into its caller, and the
          // threads that end in it end in its caller.
          function withoutRuntime(source) {
            var tree = new Tree();
            var root = tree.add(-1, source.name[0], 0, source.flags[0]);
            tree.threads[root] = source.threads[0];
            tree.cpu[root] = source.cpu[0];
            var work = [{ from: 0, to: root }];
            while (work.length) {
              var item = work.pop();
              source.children[item.from].forEach(function (child) {
                if (source.flags[child] & RUNTIME) {
                  tree.flags[item.to] |= source.flags[child] & (FOCUS_ENDS | FOCUS_FIRST_ENDS);
                  work.push({ from: child, to: item.to });
                  return;
                }
                var node = tree.child(item.to, source, child);
                tree.threads[node] += source.threads[child];
                tree.cpu[node] += source.cpu[child];
                tree.flags[node] |= source.flags[child];
                work.push({ from: child, to: node });
              });
            }
            return tree;
          }

          // The tree upside down: under the root, the frames stacks end in, merged by name,
          // each over its callers, weighted by the stacks that end there.
          function inverted(source) {
            var tree = new Tree();
            var root = tree.add(-1, source.name[0], 0, source.flags[0] & (FOCUS | FOCUS_FIRST));
            tree.threads[root] = source.threads[0];
            tree.cpu[root] = source.cpu[0];
            for (var leaf = 1; leaf < source.name.length; leaf++) {
              var threads = source.selfWeight(leaf, source.threads), cpu = source.selfWeight(leaf, source.cpu);
              if (threads === 0 && cpu === 0) { continue; }
              var ends = source.flags[leaf];
              var focus = (ends & FOCUS_ENDS ? FOCUS : 0) | (ends & FOCUS_FIRST_ENDS ? FOCUS_FIRST : 0);
              var node = root;
              for (var caller = leaf; caller > 0; caller = source.parent[caller]) {
                node = tree.child(node, source, caller);
                tree.threads[node] += threads;
                tree.cpu[node] += cpu;
                tree.flags[node] |= focus;
              }
            }
            return tree;
          }

          function setUpFlameGraph() {
            var island = document.getElementById("flame-data");
            var svg = document.getElementById("flame-graph");
            if (!island || !svg) { return; }
            var data = JSON.parse(island.textContent);
            var names = data.names;
            var managed = {};
            data.managed.forEach(function (entry) { managed[entry[0]] = entry[1]; });
            // Frames of managed runtimes in a hue of their own: Python green, Go cyan,
            // JIT-compiled code purple, interpreted Java yellow.
            var managedHue = {python: 110, go: 180, jit: 275, java: 50};
            var trees = { plain: treeFromData(data) };
            var view = data.view === "cpu" && data.cpu ? "cpu" : "threads";
            var isInverted = false, hidesRuntime = false, zoom = 0, query = "";
            var tree = trees.plain;
            var details = document.getElementById("flame-details");
            var cpuButton = document.getElementById("flame-view-cpu");
            var threadsButton = document.getElementById("flame-view-threads");
            var invertButton = document.getElementById("flame-invert");
            var runtimeButton = document.getElementById("flame-hide-runtime");
            var search = document.getElementById("flame-search");
            var matched = document.getElementById("flame-matched");
            var hasFocus = data.focus !== null && data.focus !== undefined;

            function weights() { return view === "cpu" ? tree.cpu : tree.threads; }
            function label(node) {
              var text = names[tree.name[node]];
              if (tree.rounds[node] > 1) { text += " \u00d7" + grouped(tree.rounds[node]) + (tree.flags[node] & AT_LEAST ? "+" : ""); }
              return text;
            }
            function describe(node) {
              var text = label(node) + " \u2014 " + plural(tree.threads[node], data.unit || "thread");
              if (data.cpu) { text += ", CPU " + seconds(tree.cpu[node]); }
              if (tree.rounds[node] > 1) {
                text += tree.flags[node] & AT_LEAST
                  ? "; a recursion of at least " + grouped(tree.rounds[node]) + " rounds (the unwind stopped inside it), folded"
                  : "; a recursion of " + grouped(tree.rounds[node]) + " rounds, folded";
              }
              return text;
            }
            function isMatch(node) { return query !== "" && label(node).toLowerCase().indexOf(query) !== -1; }
            function colour(node) {
              if (node === 0) { return "#c9ced6"; }
              var nameIndex = tree.name[node], name = names[nameIndex], hash = 0;
              for (var k = 0; k < name.length; k++) { hash = (hash * 31 + name.charCodeAt(k)) >>> 0; }
              if (managed[nameIndex]) { return "hsl(" + (managedHue[managed[nameIndex]] + hash % 20) + ",50%," + (58 + (hash >>> 8) % 12) + "%)"; }
              if (tree.flags[node] & RUNTIME) { return "hsl(" + (200 + hash % 30) + ",22%," + (72 + hash % 10) + "%)"; }
              return "hsl(" + (hash % 45) + "," + (65 + hash % 20) + "%," + (58 + (hash >>> 8) % 12) + "%)";
            }
            function fitted(text, width) {
              var characters = Math.floor((width - 6) / 6.5);
              if (characters < 3) { return ""; }
              return text.length <= characters ? text : text.slice(0, characters - 1) + "\u2026";
            }
            function draw(node, x, width, row, isAncestor) {
              var classes = isAncestor ? "ancestor" : "node";
              if (tree.flags[node] & FOCUS_FIRST) { classes += " focus focus-first"; } else if (tree.flags[node] & FOCUS) { classes += " focus"; }
              if (isMatch(node)) { classes += " match"; }
              var group = svgElement("g", { "class": classes, "data-node": node }, svg);
              svgElement("title", {}, group).textContent = describe(node);
              svgElement("rect", {
                x: x.toFixed(1), y: row * ROW, width: Math.max(width - 0.5, 0.5).toFixed(1), height: ROW - 1, fill: colour(node)
              }, group);
              var text = fitted(label(node), width);
              if (text) { svgElement("text", { x: (x + 3).toFixed(1), y: row * ROW + 12 }, group).textContent = text; }
              group.addEventListener("click", function () { zoom = node; render(); });
              group.addEventListener("mouseenter", function () { details.textContent = describe(node); });
            }
            // "Matched:" the drawn frames that match, and the share of the root's weight
            // under matching frames, each stack counted once however many of its frames match.
            function showMatches() {
              if (query === "") { matched.textContent = ""; delete matched.dataset.count; return; }
              var drawn = svg.querySelectorAll("g.match").length, covered = 0, all = weights();
              var work = [0];
              while (work.length) {
                var node = work.pop();
                if (isMatch(node)) { covered += all[node]; continue; }
                Array.prototype.push.apply(work, tree.children[node]);
              }
              var share = all[0] > 0 ? covered / all[0] * 100 : 0;
              matched.dataset.count = String(drawn);
              matched.textContent = "Matched: " + plural(drawn, "frame") + ", " + share.toFixed(1) + " % of " + (view === "cpu" ? "CPU time" : (data.unit || "thread") + "s");
            }
            function render() {
              while (svg.firstChild) { svg.removeChild(svg.firstChild); }
              svg.setAttribute("class", hasFocus ? "flame has-focus" : "flame");
              var all = weights();
              var chain = [];
              for (var node = zoom; node !== -1; node = tree.parent[node]) { chain.unshift(node); }
              chain.forEach(function (ancestor, row) { draw(ancestor, 0, WIDTH, row, ancestor !== zoom); });
              var rows = chain.length, total = all[zoom];
              if (total > 0) {
                var work = [{ node: zoom, x: 0 }];
                while (work.length) {
                  var item = work.pop(), x = item.x;
                  tree.children[item.node].forEach(function (child) {
                    var width = all[child] / total * WIDTH;
                    if (width >= 0.3) {
                      var row = tree.depth[child] - tree.depth[zoom] + chain.length - 1;
                      draw(child, x, width, row, false);
                      rows = Math.max(rows, row + 1);
                      work.push({ node: child, x: x });
                    }
                    x += width;
                  });
                }
              } else {
                svgElement("text", { x: 4, y: rows * ROW + 12 }, svg).textContent = "No CPU time under this frame: switch to the thread count view.";
                rows += 1;
              }
              var height = rows * ROW + 2;
              svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + height);
              svg.setAttribute("height", String(height));
              details.textContent = describe(zoom);
              showMatches();
            }
            // The tree for the toggles: runtime frames hidden first, then turned upside down.
            function chooseTree() {
              var key = (hidesRuntime ? "bare" : "plain") + (isInverted ? "-inverted" : "");
              if (!trees[key]) {
                if (!trees.bare && hidesRuntime) { trees.bare = withoutRuntime(trees.plain); }
                var upright = hidesRuntime ? trees.bare : trees.plain;
                trees[key] = isInverted ? inverted(upright) : upright;
              }
              tree = trees[key];
              zoom = 0;
              invertButton.setAttribute("aria-pressed", String(isInverted));
              runtimeButton.setAttribute("aria-pressed", String(hidesRuntime));
              render();
            }
            function setView(next) {
              view = next;
              cpuButton.setAttribute("aria-pressed", String(view === "cpu"));
              threadsButton.setAttribute("aria-pressed", String(view === "threads"));
              render();
            }
            cpuButton.addEventListener("click", function () { setView("cpu"); });
            threadsButton.addEventListener("click", function () { setView("threads"); });
            invertButton.addEventListener("click", function () { isInverted = !isInverted; chooseTree(); });
            runtimeButton.addEventListener("click", function () { hidesRuntime = !hidesRuntime; chooseTree(); });
            search.addEventListener("input", function () { query = search.value.trim().toLowerCase(); render(); });
            document.getElementById("flame-reset").addEventListener("click", function () { zoom = 0; render(); });
            document.getElementById("flame-toolbar").hidden = false;
            setView(view);
          }

          setUpFlameGraph();
          document.body.dataset.jsReady = "true";
        })();

        """#
}
