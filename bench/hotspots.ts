/**
 * `npm run bench:hotspots [-- sqlite|postgres|both]` — hotspot early warning (issue 14 §4) over
 * 1,000,000 search events (a synthetic April: steady worries by province, a weekly and daily
 * rhythm, an Earth Day rise ×4 on 4-22, one injected 地面沉降 spike in 北京 on 4-15):
 *  1. ingest: every event through `recordSearch` (the live path: buffered, analysed with the
 *     search's jieba analyzer at the flush, aggregated and upserted as hourly rows), flushed every
 *     2,000 events as the timer and the full buffer would;
 *  2. detect: the hourly detection (`runDetection`, the job's code) at every hour of the month
 *     over `hotspot_signals` — alerts raised, time per run (p50/p95/max) and in all;
 *  3. the same stream through the replay (`kepu hotspots replay`: empty in-memory store).
 * Memory: peak RSS and heap sampled every 50 ms during each part.
 * PostgreSQL: BENCH_PG_URL (or KEPU_TEST_PG_URL), an admin URL a scratch database is made under.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DetectedAlert } from '../server/src/modules/hotspots/detector.ts';
import { replayQueries } from '../server/src/modules/hotspots/replay.ts';
import { runDetection } from '../server/src/modules/hotspots/service.ts';
import { flushSignals, recordSearch } from '../server/src/modules/hotspots/signals.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import type { Config } from '../server/src/platform/config.ts';
import { openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { seedBase } from '../server/src/seed.ts';
import { SYNTHETIC_START, syntheticQueries } from './lib/hotspots-synthetic.ts';

setAuditKey(crypto.randomBytes(32));
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const SCALE = EVENTS / 11_300;
const HOUR = 3_600_000;

async function scratch(kind: 'sqlite' | 'postgres') {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-bench-hotspots-'));
    return {
      database: { kind, file: path.join(dir, 'kepu.sqlite') } as Config['database'],
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.BENCH_PG_URL ?? process.env.KEPU_TEST_PG_URL;
  if (!admin) throw new Error('set BENCH_PG_URL (or KEPU_TEST_PG_URL) for PostgreSQL');
  const name = `kepu_bench_hotspots_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    database: { kind, url: url.toString() } as Config['database'],
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

/** Peak RSS and heap while `fn` runs (sampled every 50 ms). */
async function measured<T>(fn: () => Promise<T>) {
  global.gc?.();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const startRss = rss;
  const timer = setInterval(sample, 50);
  const started = performance.now();
  try {
    const value = await fn();
    sample();
    return { value, ms: performance.now() - started, rss, heap, startRss };
  } finally {
    clearInterval(timer);
  }
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

function* events() {
  let n = 0;
  for (const e of syntheticQueries({ scale: SCALE, spike: 300 * SCALE, earthDayFactor: 4 })) {
    if (n++ >= EVENTS) return;
    yield e;
  }
}

async function onDatabase(kind: 'sqlite' | 'postgres') {
  const { database, drop } = await scratch(kind);
  const handle = openDatabase(database, { busyTimeoutMs: 5000 });
  try {
    await migrateToLatest(handle);
    await seedBase(handle);
    const { db, dialect } = handle;
    let last = 0;
    const ingest = await measured(async () => {
      let n = 0;
      for (const e of events()) {
        const at = Date.parse(e.at);
        last = at;
        recordSearch(db, dialect, { q: e.query, results: 1, division: e.division ?? null, at });
        if (++n % 2000 === 0) await flushSignals(db);
      }
      await flushSignals(db);
      return n;
    });
    const rows = await db
      .selectFrom('hotspotSignals')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(
      `${kind}: ingest ${ingest.value.toLocaleString('en')} events → ${Number(rows.n).toLocaleString('en')} hourly rows in ${s(ingest.ms)} (${Math.round(ingest.value / (ingest.ms / 1000)).toLocaleString('en')}/s); peak RSS ${mb(ingest.rss)} (from ${mb(ingest.startRss)}), heap ${mb(ingest.heap)}`,
    );
    const runs: number[] = [];
    const raised: string[] = [];
    const detect = await measured(async () => {
      // Each run sees the signals up to its hour only: the month's events are all in, so the
      // runs go forward in time and read windows that end at the run's hour.
      for (let at = SYNTHETIC_START + HOUR; at <= last + HOUR; at += HOUR) {
        const t = performance.now();
        const ids = await runDetection(db, dialect, at);
        runs.push(performance.now() - t);
        for (const id of ids) {
          const a = await db
            .selectFrom('hotspotAlerts')
            .select(['term', 'division', 'hour', 'observed', 'expected'])
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          raised.push(
            `${a.term}@${a.division ?? '全国'} ${a.hour} (${a.observed} vs ${a.expected})`,
          );
        }
      }
    });
    console.log(
      `${kind}: detect ${runs.length} hourly runs in ${s(detect.ms)}: p50 ${pct(runs, 50).toFixed(0)} ms, p95 ${pct(runs, 95).toFixed(0)} ms, max ${Math.max(...runs).toFixed(0)} ms; peak RSS ${mb(detect.rss)} (from ${mb(detect.startRss)}), heap ${mb(detect.heap)}; alerts ${raised.length}: ${raised.join('; ')}`,
    );
  } finally {
    await handle.close();
    await drop();
  }
}

async function replay() {
  const alerts: DetectedAlert[] = [];
  const r = await measured(() =>
    replayQueries(
      (function* () {
        for (const e of events()) yield JSON.stringify(e);
      })(),
      (a) => alerts.push(a),
    ),
  );
  console.log(
    `replay (in memory): ${r.value.events.toLocaleString('en')} events, ${r.value.rows.toLocaleString('en')} hourly rows, detection every hour, in ${s(r.ms)}; peak RSS ${mb(r.rss)} (from ${mb(r.startRss)}), heap ${mb(r.heap)}; alerts ${alerts.length}: ${alerts.map((a) => `${a.term}@${a.division ?? '全国'} ${a.hour}`).join('; ')}`,
  );
}

const which = process.argv[2] ?? 'sqlite';
console.log(
  `bench:hotspots — ${EVENTS.toLocaleString('en')} search events, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
);
if (which === 'sqlite' || which === 'both') await onDatabase('sqlite');
if (which === 'postgres' || which === 'both') await onDatabase('postgres');
if (which === 'replay' || which === 'both') await replay();
process.exit(0);
