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
    /// the view buttons, click-to-zoom and the reset button, then sets
    /// `document.body.dataset.jsReady`. A page without a flame graph (the comparison of
    /// cores) runs it too: it only marks the page ready.
    ///
    /// Nodes are `[name index, threads, CPU microseconds, child count]` in preorder (see
    /// ``HTMLFlameGraph``). Clicking a node draws it full width with its ancestors above it;
    /// clicking an ancestor zooms out to it.
    static let main: StaticString = #"""
        (function () {
          "use strict";
          var SVG_NS = "http://www.w3.org/2000/svg";
          var WIDTH = 1200, ROW = 17;

          function seconds(microseconds) { return (microseconds / 1e6).toFixed(2) + " s"; }
          function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }
          function svgElement(name, attributes, parent) {
            var node = document.createElementNS(SVG_NS, name);
            Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
            parent.appendChild(node);
            return node;
          }

          function setUpFlameGraph() {
            var island = document.getElementById("flame-data");
            var svg = document.getElementById("flame-graph");
            if (!island || !svg) { return; }
            var data = JSON.parse(island.textContent);
            var names = data.names, nameOf = [], threads = [], cpu = [], parent = [], depth = [], children = [];
            var open = [];
            data.nodes.forEach(function (entry, index) {
              while (open.length && open[open.length - 1].remaining === 0) { open.pop(); }
              var up = open.length ? open[open.length - 1] : null;
              nameOf.push(entry[0]);
              threads.push(entry[1]);
              cpu.push(entry[2]);
              children.push([]);
              parent.push(up ? up.node : -1);
              depth.push(up ? depth[up.node] + 1 : 0);
              if (up) { children[up.node].push(index); up.remaining -= 1; }
              open.push({ node: index, remaining: entry[3] });
            });
            var runtime = {};
            data.runtime.forEach(function (name) { runtime[name] = true; });
            var managed = {};
            data.managed.forEach(function (entry) { managed[entry[0]] = entry[1]; });
            // Frames of managed runtimes in a hue of their own: Python green, Go cyan,
            // JIT-compiled code purple, interpreted Java yellow.
            var managedHue = {python: 110, go: 180, jit: 275, java: 50};
            var view = data.cpu ? "cpu" : "threads";
            var zoom = 0;
            var details = document.getElementById("flame-details");
            var cpuButton = document.getElementById("flame-view-cpu");
            var threadsButton = document.getElementById("flame-view-threads");

            function weight(node) { return view === "cpu" ? cpu[node] : threads[node]; }
            function describe(node) {
              var text = names[nameOf[node]] + " — " + plural(threads[node], data.unit || "thread");
              return data.cpu ? text + ", CPU " + seconds(cpu[node]) : text;
            }
            function colour(node) {
              if (node === 0) { return "#c9ced6"; }
              var name = names[nameOf[node]], hash = 0;
              for (var k = 0; k < name.length; k++) { hash = (hash * 31 + name.charCodeAt(k)) >>> 0; }
              if (managed[nameOf[node]]) { return "hsl(" + (managedHue[managed[nameOf[node]]] + hash % 20) + ",50%," + (58 + (hash >>> 8) % 12) + "%)"; }
              if (runtime[nameOf[node]]) { return "hsl(" + (200 + hash % 30) + ",22%," + (72 + hash % 10) + "%)"; }
              return "hsl(" + (hash % 45) + "," + (65 + hash % 20) + "%," + (58 + (hash >>> 8) % 12) + "%)";
            }
            function fitted(text, width) {
              var characters = Math.floor((width - 6) / 6.5);
              if (characters < 3) { return ""; }
              return text.length <= characters ? text : text.slice(0, characters - 1) + "…";
            }
            function draw(node, x, width, row, isAncestor) {
              var group = svgElement("g", { "class": isAncestor ? "ancestor" : "node", "data-node": node }, svg);
              svgElement("title", {}, group).textContent = describe(node);
              svgElement("rect", {
                x: x.toFixed(1), y: row * ROW, width: Math.max(width - 0.5, 0.5).toFixed(1), height: ROW - 1, fill: colour(node)
              }, group);
              var label = fitted(names[nameOf[node]], width);
              if (label) { svgElement("text", { x: (x + 3).toFixed(1), y: row * ROW + 12 }, group).textContent = label; }
              group.addEventListener("click", function () { zoom = node; render(); });
              group.addEventListener("mouseenter", function () { details.textContent = describe(node); });
            }
            function render() {
              while (svg.firstChild) { svg.removeChild(svg.firstChild); }
              var chain = [];
              for (var node = zoom; node !== -1; node = parent[node]) { chain.unshift(node); }
              chain.forEach(function (ancestor, row) { draw(ancestor, 0, WIDTH, row, ancestor !== zoom); });
              var rows = chain.length, total = weight(zoom);
              if (total > 0) {
                var work = [{ node: zoom, x: 0 }];
                while (work.length) {
                  var item = work.pop(), x = item.x;
                  children[item.node].forEach(function (child) {
                    var width = weight(child) / total * WIDTH;
                    if (width >= 0.3) {
                      var row = depth[child] - depth[zoom] + chain.length - 1;
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
            }
            function setView(next) {
              view = next;
              cpuButton.setAttribute("aria-pressed", String(view === "cpu"));
              threadsButton.setAttribute("aria-pressed", String(view === "threads"));
              render();
            }
            cpuButton.addEventListener("click", function () { setView("cpu"); });
            threadsButton.addEventListener("click", function () { setView("threads"); });
            document.getElementById("flame-reset").addEventListener("click", function () { zoom = 0; render(); });
            document.getElementById("flame-toolbar").hidden = false;
            render();
          }

          setUpFlameGraph();
          document.body.dataset.jsReady = "true";
        })();

        """#
}
