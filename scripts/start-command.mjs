// `npm start` as package.json's "start" script says it (one place says it): the benchmark and
// the browser journeys start the server exactly so.
//   MALLOC_ARENA_MAX=2 node --max-old-space-size=1536 --max-semi-space-size=4
//     --heap-growing-percent=30 scripts/kepu.mjs start
// MALLOC_ARENA_MAX=2: glibc's allocator keeps two arenas rather than eight per core; the native
// parts (SQLite's page cache, jieba, libuv's threads) then leave less memory stranded (measured
// at 100,000 works: idle RSS −15 MiB). glibc reads it only when the process starts, so it is set
// before node runs, not by the server.
// --max-old-space-size: below 2 GiB, V8 lets the heap grow by at most ~1.3–2× its live size between
// full collections instead of 4× (measured at 100,000 works: peak RSS under load 655 → 411 MiB,
// same throughput; docs/ARCHITECTURE.md, "Memory"), and a process that really needs more than
// 1.5 GiB of heap is a fault, restarted by its supervisor.
// --max-semi-space-size=4 and --heap-growing-percent=30: the young generation at most 2 × 4 MiB
// (not 2 × 16), and the old generation may grow to 1.3× what was live after a full collection
// before the next. Measured at 100,000 works (bench:portal, every row): peak RSS under load
// 365 → 293 MiB, requests per second the same within the run-to-run noise.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** `npm start`: the environment it sets (`NAME=value` words before node) and node's arguments. */
export function startCommand() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const words = String(pkg.scripts.start).trim().split(/\s+/);
  const env = {};
  while (words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) {
    const [name, ...value] = words.shift().split('=');
    env[name] = value.join('=');
  }
  if (words[0] !== 'node') throw new Error('package.json "start" must run node');
  return { env, args: words.slice(1) };
}
