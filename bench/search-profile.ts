/**
 * `npm run bench:search-profile -- sqlite|postgres [size] [--rebuild] [--query='海洋|relevance|GEOLOGY'] [--file=DB]`
 *
 * Where bench:search's time goes. Keeps a catalogue of `size` generated works between runs (SQLite
 * in .tmp/search-profile/, PostgreSQL as database kepu_profile_<size> on BENCH_PG_URL or the local
 * server), migrating it when the schema moved on. Prints the slowest queries of bench:search's
 * query set; with --query (text|sort|filter, the filter a sector, a year or a region code), that
 * query's statements with their own times.
 */

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { setAuditKey } from '../server/src/platform/audit.ts';
import type { Config } from '../server/src/platform/config.ts';
import { openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { SearchEngine } from '../server/src/platform/search/engine.ts';
import type { SearchParams } from '../server/src/platform/search/types.ts';
import { seedBase } from '../server/src/seed.ts';
import { buildCatalogue } from './corpus-generator.ts';
import { querySet } from './search-queries.ts';

// A bench never verifies the audit chain: a key of this run signs it.
setAuditKey(randomBytes(32));

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const option = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const kind = (positional[0] ?? 'sqlite') as 'sqlite' | 'postgres';
const size = Number(positional[1] ?? 100_000);
const name = `kepu_profile_${size}`;
const dir = path.resolve(import.meta.dirname, '..', '.tmp', 'search-profile');

async function database(): Promise<{ database: Config['database']; exists: boolean }> {
  // --file=PATH: a catalogue built elsewhere (bench:portal's BENCH_KEEP), measured as it is.
  const given = option('file');
  if (kind === 'sqlite' && given) return { database: { kind, file: given }, exists: true };
  if (kind === 'sqlite') {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.sqlite`);
    if (process.argv.includes('--rebuild'))
      for (const f of fs.readdirSync(dir)) if (f.startsWith(name)) fs.rmSync(path.join(dir, f));
    return { database: { kind, file }, exists: fs.existsSync(file) };
  }
  const admin = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  if (process.argv.includes('--rebuild'))
    await c.query(`drop database if exists ${name} with (force)`);
  const exists =
    (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (!exists) await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { database: { kind, url: url.toString() }, exists };
}

/** `海洋|relevance|GEOLOGY` → search parameters. */
function parseQuery(text: string): SearchParams {
  const [q = '', sort = 'relevance', filter = '-'] = text.split('|');
  const params: SearchParams = {
    q,
    sort: sort === 'date' ? 'date' : 'relevance',
    page: 1,
    pageSize: 10,
  };
  if (/^\d{4}$/.test(filter)) params.year = Number(filter);
  else if (/^\d{6}$/.test(filter)) params.region = filter;
  else if (filter !== '-') params.sector = filter;
  return params;
}

const statements: string[] = [];
const log = (e: LogEvent) => {
  if (e.level !== 'query') return;
  const text = e.query.sql.replace(/\s+/g, ' ').slice(0, 100);
  const params = JSON.stringify(e.query.parameters).slice(0, 200);
  statements.push(`${e.queryDurationMillis.toFixed(1).padStart(7)} ms  ${text}  ${params}`);
};

const { database: db, exists } = await database();
const handle = openDatabase(db, {
  log,
  ...(option('cache') ? { sqliteCacheMiB: Number(option('cache')) } : {}),
});
// No answer is kept: every question is searched afresh, as a first-time question is.
const engine = new SearchEngine(handle.db, handle.dialect, {}, 0);
await migrateToLatest(handle);
if (!exists) {
  await seedBase(handle);
  const t0 = Date.now();
  await buildCatalogue(handle, size);
  console.log(`built ${size} works in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const one = option('query');
if (one) {
  const params = parseQuery(one);
  for (let i = 0; i < 5; i++) {
    statements.length = 0;
    const s = performance.now();
    const r = await engine.search(params);
    if (i >= 2) console.log(`${(performance.now() - s).toFixed(1)} ms, ${r.total} hits`);
  }
  for (const line of statements) console.log(line);
} else {
  const queries = querySet(Number(option('queries') ?? 400));
  for (const q of queries.slice(0, 40)) await engine.search(q);
  const worst = new Map<string, { ms: number; total: number }>();
  const times: number[] = [];
  for (const q of queries) {
    const s = performance.now();
    const r = await engine.search(q);
    const ms = performance.now() - s;
    times.push(ms);
    const key = `${q.q}|${q.sort}|${q.sector ?? q.year ?? q.region ?? '-'}|page ${q.page}`;
    if ((worst.get(key)?.ms ?? 0) < ms) worst.set(key, { ms, total: r.total });
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) =>
    times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  console.log(
    `${kind} ${size}: p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms (load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  for (const [key, { ms, total }] of [...worst].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
    console.log(`${ms.toFixed(1).padStart(7)} ms  ${String(total).padStart(7)} hits  ${key}`);
}
await engine.flushQueryLog();
await handle.close();
