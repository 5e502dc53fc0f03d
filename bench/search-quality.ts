/**
 * `npm run bench:search-quality` — recall@10 and MRR of Kepu's Chinese search over the labelled
 * collection in bench/search-quality/ (corpus.jsonl + queries.json), on SQLite and, when
 * BENCH_PG_URL or KEPU_TEST_PG_URL is set, on PostgreSQL. Targets: recall@10 ≥ 0.97, MRR ≥ 0.90,
 * and no false hit: a query's `forbidden` documents (a trap holding its letters or characters
 * across a word boundary: 上海洋山港 for 海洋 or haiyang) must be nowhere in its results.
 *
 * recall@10 for one query = |relevant ∩ top 10| / min(|relevant|, 10); MRR = mean of 1 / rank of
 * the first relevant result (0 when none in the top 10).
 *
 * `-- --large`: every query answered as if its match were large (sampled facets, ranking by the
 * head's length tiers): what the at-scale paths cost in quality.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { referenceKeywords } from '../server/src/modules/reference/service.ts';
import { setAuditKey } from '../server/src/platform/audit.ts';
import type { Config } from '../server/src/platform/config.ts';
import { openDatabase } from '../server/src/platform/db/connect.ts';
import { migrateToLatest } from '../server/src/platform/db/migrate.ts';
import { SearchEngine } from '../server/src/platform/search/engine.ts';
import type { SearchDocument } from '../server/src/platform/search/types.ts';
import { seedBase } from '../server/src/seed.ts';

// A bench never verifies the audit chain: a key of this run signs it.
setAuditKey(crypto.randomBytes(32));

const DIR = path.resolve(import.meta.dirname, 'search-quality');

interface CorpusDoc extends Omit<SearchDocument, 'url' | 'type'> {
  type: string;
}
interface LabelledQuery {
  q: string;
  relevant: string[];
  /** Documents that must not be found at all (cross-word traps). */
  forbidden?: string[];
  note?: string;
}

function load() {
  const corpus = fs
    .readFileSync(path.join(DIR, 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusDoc);
  const queries = JSON.parse(
    fs.readFileSync(path.join(DIR, 'queries.json'), 'utf8'),
  ) as LabelledQuery[];
  return { corpus, queries };
}

async function database(
  kind: 'sqlite' | 'postgres',
): Promise<{ database: Config['database']; drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kepu-sq-'));
    return {
      database: { kind: 'sqlite', file: path.join(dir, 'q.sqlite') },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.BENCH_PG_URL ?? process.env.KEPU_TEST_PG_URL!;
  const name = `kepu_sq_${crypto.randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    database: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    },
  };
}

async function evaluate(kind: 'sqlite' | 'postgres') {
  const { corpus, queries } = load();
  const { database: db, drop } = await database(kind);
  const handle = openDatabase(db);
  try {
    await migrateToLatest(handle);
    await seedBase(handle);
    const engine = new SearchEngine(
      handle.db,
      handle.dialect,
      process.argv.includes('--large')
        ? { exactMax: 0, countMax: 0, hashMax: 0, rankAllMax: 0, sample: 10 }
        : {},
    );
    // The same keywords the works module gives the index: the names of the work's sectors and topics.
    const docs: SearchDocument[] = [];
    for (const d of corpus) {
      docs.push({
        ...d,
        type: 'work',
        subtype: (d as { subtype?: string }).subtype ?? null,
        url: `/works/${d.id}`,
        keywords: await referenceKeywords(handle.db, {
          ...d,
          workType: (d as { subtype?: string }).subtype,
        }),
      });
    }
    await handle.db.transaction().execute((tx) => engine.write(tx, docs));
    let recallSum = 0;
    let rrSum = 0;
    const misses: string[] = [];
    const falseHits: string[] = [];
    const byNote = new Map<string, { n: number; recall: number; rr: number }>();
    for (const q of queries) {
      const res = await engine.search({ q: q.q, sort: 'relevance', page: 1, pageSize: 10 });
      const top = res.items.map((i) => i.id);
      const rel = new Set(q.relevant);
      const hits = top.filter((id) => rel.has(id)).length;
      const recall = hits / Math.min(rel.size, 10);
      const firstRank = top.findIndex((id) => rel.has(id));
      const rr = firstRank < 0 ? 0 : 1 / (firstRank + 1);
      recallSum += recall;
      rrSum += rr;
      if (q.forbidden?.length) {
        // Every result, not only the first page: a trap must not be found at all.
        const all = await engine.search({ q: q.q, sort: 'relevance', page: 1, pageSize: 50 });
        const found = all.items.map((i) => i.id).filter((id) => q.forbidden!.includes(id));
        if (found.length) falseHits.push(`  ${q.q}  found [${found.join(' ')}]`);
      }
      const key = (q.note ?? 'other').split(/[;,(（:]/)[0]!.trim();
      const agg = byNote.get(key) ?? { n: 0, recall: 0, rr: 0 };
      agg.n++;
      agg.recall += recall;
      agg.rr += rr;
      byNote.set(key, agg);
      if (recall < 1 || rr < 1) {
        const missing = q.relevant.filter((id) => !top.includes(id));
        const wrong = top.filter((id) => !rel.has(id));
        misses.push(
          `  ${q.q}  recall ${recall.toFixed(2)} rr ${rr.toFixed(2)}  missing [${missing.join(' ')}]  extra [${wrong.join(' ')}]`,
        );
      }
    }
    await engine.flushQueryLog();
    return {
      docs: corpus.length,
      queries: queries.length,
      recall: recallSum / queries.length,
      mrr: rrSum / queries.length,
      misses,
      falseHits,
      byNote,
    };
  } finally {
    await handle.close();
    await drop();
  }
}

const kinds: ('sqlite' | 'postgres')[] = ['sqlite'];
if (process.env.BENCH_PG_URL || process.env.KEPU_TEST_PG_URL) kinds.push('postgres');
for (const kind of kinds) {
  const r = await evaluate(kind);
  console.log(`\n${kind}: ${r.docs} documents, ${r.queries} labelled queries`);
  console.log(`  recall@10 = ${r.recall.toFixed(3)}   (target ≥ 0.97)`);
  console.log(`  MRR       = ${r.mrr.toFixed(3)}   (target ≥ 0.90)`);
  console.log(`  false hits = ${r.falseHits.length}   (target 0)`);
  for (const f of r.falseHits) console.log(f);
  for (const [note, a] of [...r.byNote.entries()].sort()) {
    console.log(
      `    ${note.padEnd(28)} n=${String(a.n).padStart(3)}  recall ${(a.recall / a.n).toFixed(3)}  MRR ${(a.rr / a.n).toFixed(3)}`,
    );
  }
  if (r.misses.length && process.argv.includes('--verbose')) {
    console.log('  imperfect queries:');
    for (const m of r.misses) console.log(m);
  } else if (r.misses.length)
    console.log(`  ${r.misses.length} queries below 1.0 (run with -- --verbose to list)`);
}
