/**
 * `npm run bench:search [-- --sizes=100000,1000000]` — builds N realistic Chinese works into a fresh
 * database and prints index build time, database size, and p50/p95/p99 latency of a mixed query
 * set with facets (engine.search: match + filters + sort + page + facet counts), on SQLite and,
 * when BENCH_PG_URL or KEPU_TEST_PG_URL is set, PostgreSQL. Also times the JSONL import of 100k
 * works (`--import`). Targets: p95 ≤ 15 ms at 100k, ≤ 50 ms at 1M; import of 100k ≤ 60 s.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importWorks } from '../server/src/modules/works/import.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import { openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { searchEngineFor } from '../server/src/platform/search/engine.ts';
import { seedBase } from '../server/src/seed.ts';
import { buildCatalogue } from './corpus-generator.ts';
import {
  adminPgUrl,
  createImporter,
  describePostgres,
  scratchDatabase,
  writeWorksJsonl,
} from './lib/scratch-db.ts';
import { querySet } from './search-queries.ts';

// A bench never verifies the audit chain: a key of this run signs it.
setAuditKey(crypto.randomBytes(32));

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
// --sizes= (empty) with --import: the import only.
const SIZES = (arg('sizes') ?? '100000').split(',').filter(Boolean).map(Number);
const QUERIES = Number(arg('queries') ?? 400);

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function benchSearch(kind: 'sqlite' | 'postgres', size: number) {
  const db = await scratchDatabase(kind, 'kepu_sb');
  const handle = openDatabase(db.database);
  try {
    await migrateToLatest(handle);
    await seedBase(handle);
    const engine = searchEngineFor(handle.db, handle.dialect);
    const t0 = Date.now();
    await buildCatalogue(handle, size);
    const buildMs = Date.now() - t0;
    const bytes = await db.size();
    const queries = querySet(QUERIES);
    for (const q of queries.slice(0, 40)) await engine.search(q);
    const times: number[] = [];
    // CPU time of this process per query: on a shared machine it varies less than the wall
    // clock (SQLite runs in-process; for PostgreSQL it is the client's share only).
    const cpu: number[] = [];
    let totalHits = 0;
    const load = os.loadavg()[0]!;
    for (const q of queries) {
      const s = performance.now();
      const c = process.cpuUsage();
      const r = await engine.search(q);
      const used = process.cpuUsage(c);
      times.push(performance.now() - s);
      cpu.push((used.user + used.system) / 1000);
      totalHits += r.total;
    }
    await engine.flushQueryLog();
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    console.log(
      `${kind.padEnd(8)} ${String(size).padStart(8)} works  build ${(buildMs / 1000).toFixed(1)} s (${Math.round(size / (buildMs / 1000))}/s)  size ${(bytes / 2 ** 20).toFixed(0)} MiB  ` +
        `p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms  (${queries.length} queries, mean ${Math.round(totalHits / queries.length)} hits)` +
        `  [cpu p50 ${pct(cpu, 50).toFixed(1)} p95 ${pct(cpu, 95).toFixed(1)} ms; load ${load.toFixed(1)}]`,
    );
  } finally {
    await handle.close();
    await db.drop();
  }
}

async function benchImport(kind: 'sqlite' | 'postgres', size: number) {
  const db = await scratchDatabase(kind, 'kepu_sb');
  const handle = openDatabase(db.database);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-ib-'));
  try {
    await migrateToLatest(handle);
    const { rootId } = await seedBase(handle);
    const userId = await createImporter(handle);
    const file = path.join(dir, 'works.jsonl');
    await writeWorksJsonl(() => file, size, 99);
    const mb = fs.statSync(file).size / 2 ** 20;
    const report = await importWorks(
      handle.db,
      { actorId: userId, ip: null, dialect: handle.dialect },
      file,
      { organisationId: rootId, userId },
    );
    if (report.errors.length) throw new Error(JSON.stringify(report.errors.slice(0, 3)));
    console.log(
      `${kind.padEnd(8)} import ${report.imported} works from JSONL (${mb.toFixed(0)} MiB) incl. indexing: ${(report.ms / 1000).toFixed(1)} s (target ≤ 60 s)`,
    );
  } finally {
    await handle.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let kinds: ('sqlite' | 'postgres')[] = ['sqlite'];
if (process.env.BENCH_PG_URL || process.env.KEPU_TEST_PG_URL) kinds.push('postgres');
// --kinds=postgres: one dialect only.
if (arg('kinds')) kinds = kinds.filter((k) => arg('kinds')!.split(',').includes(k));
console.log(`Kepu search benchmark — ${os.cpus().length} cores, Node ${process.version}`);
if (kinds.includes('postgres')) {
  // The figures depend on the server's cache: say which one they were taken with.
  console.log(await describePostgres(adminPgUrl()));
}
for (const kind of kinds) {
  for (const size of SIZES) await benchSearch(kind, size);
  if (process.argv.includes('--import')) await benchImport(kind, 100_000);
}
