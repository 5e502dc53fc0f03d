// The node arguments of `npm start`, read from package.json's "start" script (one place says
// them): the benchmark and the browser journeys start the server exactly so.
//   node --max-old-space-size=1536 scripts/kepu.mjs start
// --max-old-space-size: below 2 GiB, V8 lets the heap grow by at most ~1.3–2× its live size between
// full collections instead of 4× (measured at 100,000 works: peak RSS under load 655 → 411 MiB,
// same throughput; docs/ARCHITECTURE.md, "Memory"), and a process that really needs more than
// 1.5 GiB of heap is a fault, restarted by its supervisor.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** `npm start`'s arguments after `node`. */
export function startArgs() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const words = String(pkg.scripts.start).split(/\s+/);
  if (words[0] !== 'node') throw new Error('package.json "start" must begin with node');
  return words.slice(1);
}
