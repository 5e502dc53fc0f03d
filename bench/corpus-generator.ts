/**
 * Realistic Chinese works at any scale for benchmarks: sentences and titles are drawn from the
 * hand-written collection in bench/search-quality/corpus.jsonl and recombined, with tags from the
 * seeded reference codes. Deterministic for a given seed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { DbHandle } from '../server/src/platform/db/connect.ts';
import { searchEngineFor } from '../server/src/platform/search/engine.ts';
import type { SearchDocument } from '../server/src/platform/search/types.ts';

const DIR = path.resolve(import.meta.dirname, 'search-quality');

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Source {
  title: string;
  excerpt: string;
  body: string;
  subtype?: string;
  sectors?: string[];
  topics?: string[];
  audiences?: string[];
  names?: string[];
}

export function loadSources(): Source[] {
  return fs
    .readFileSync(path.join(DIR, 'corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Source);
}

const PROVINCES = [
  '110000',
  '310000',
  '330000',
  '370000',
  '420000',
  '430000',
  '440000',
  '450000',
  '510000',
  '530000',
  '620000',
  '650000',
];

/** `count` works as search documents (and as import rows), built from the sources' sentences. */
export function* generateWorks(
  count: number,
  seed = 20261129,
): Generator<SearchDocument & { status: string }> {
  const sources = loadSources();
  const split = (s: Source) =>
    `${s.excerpt}${s.body}`
      .split(/(?<=[。！？])/)
      .map((x) => x.trim())
      .filter((x) => x.length > 6);
  // A work stays on its subject: most sentences come from its source, the rest from works that
  // share a sector (as a real library's texts do), so a word matches a realistic share of works.
  const own = sources.map(split);
  const bySector = new Map<string, string[]>();
  sources.forEach((s, i) => {
    for (const sector of s.sectors ?? []) {
      bySector.set(sector, [...(bySector.get(sector) ?? []), ...own[i]!]);
    }
  });
  const random = rng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;
  const qualifiers = [
    '',
    '',
    '图解',
    '科普',
    '小课堂',
    '问答',
    '漫谈',
    '入门',
    '：你需要知道的事',
    '（青少年版）',
    '十问',
  ];
  for (let i = 0; i < count; i++) {
    const index = Math.floor(random() * sources.length);
    const base = sources[index]!;
    const related = bySector.get(base.sectors?.[0] ?? '') ?? own[index]!;
    const n = 3 + Math.floor(random() * 6);
    const body = Array.from({ length: n }, () => pick(random() < 0.7 ? own[index]! : related)).join(
      '',
    );
    const year = 2015 + Math.floor(random() * 11);
    const month = 1 + Math.floor(random() * 12);
    yield {
      type: 'work',
      id: `w${String(i).padStart(7, '0')}`,
      title: `${base.title}${pick(qualifiers)}`,
      excerpt: base.excerpt,
      body,
      url: `/works/w${i}`,
      subtype: base.subtype ?? 'GRAPHIC',
      status: 'PUBLISHED',
      publishedAt: `${year}-${String(month).padStart(2, '0')}-15T00:00:00Z`,
      region: random() < 0.7 ? pick(PROVINCES) : null,
      sectors: base.sectors ?? [],
      topics: base.topics ?? [],
      audiences: base.audiences ?? [],
      names: base.names ?? [],
    };
  }
}

/**
 * Indexes `size` generated works in batches of 5,000, then leaves the index as a bulk load
 * would: FTS5 optimized (SQLite), statistics and visibility map by VACUUM ANALYZE (PostgreSQL).
 */
export async function buildCatalogue(handle: DbHandle, size: number): Promise<void> {
  const engine = searchEngineFor(handle.db, handle.dialect);
  function* batches(): Generator<SearchDocument[]> {
    let batch: SearchDocument[] = [];
    for (const doc of generateWorks(size)) {
      batch.push(doc);
      if (batch.length === 5000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
  // Analysis on worker threads, one transaction a batch.
  await engine.writeBatches(batches());
  if (handle.dialect === 'sqlite')
    await sql`insert into search_fts(search_fts) values ('optimize')`.execute(handle.db);
  else await sql`vacuum analyze search_documents`.execute(handle.db);
}
