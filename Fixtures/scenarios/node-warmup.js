// A runaway warm-up in Node: warmUpCache spins on the main thread and V8 compiles it (TurboFan,
// `JS:*warmUpCache` in the perf map). Run with `node --perf-basic-prof node-warmup.js`, which
// writes /tmp/perf-PID.map; "ready" is printed once the function has run long enough to be
// optimized, and the process spins until it is killed.
"use strict";

function warmUpCache(rounds) {
  let hash = 0;
  for (let index = 0; index < rounds; index++) {
    hash = (hash * 31 + index) | 0;
  }
  return hash;
}

let total = 0;
const started = Date.now();
while (Date.now() - started < 500) {
  total += warmUpCache(100000);
}
process.stdout.write("ready " + process.pid + "\n");
for (;;) {
  total += warmUpCache(10000000);
}
