import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { Tuning } from '../src/platform/search/backends.ts';
import { SearchEngine } from '../src/platform/search/engine.ts';
import type { SearchDocument, SearchParams } from '../src/platform/search/types.ts';
import { DIALECTS, freshDatabase } from './helpers.ts';

/**
 * Truthful totals (issue 15), on both databases, with the limits lowered so that 600 documents
 * count as a large set: the library's list (no words, newest first) has an exact total however
 * many documents there are, and follows every write at once; a search's total is exact below
 * the limit of an exact count and flagged as an estimate above it.
 */
const WORKS = 600;
const day = (i: number) => new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString();
const LOW: Partial<Tuning> = {
  exactMax: 20,
  sample: 40,
  countMax: 60,
  firstBuckets: 2,
  hashMax: 40,
  rankAllMax: 20,
  tierTarget: 10,
};

function work(i: number, extra: Partial<SearchDocument> = {}): SearchDocument {
  return {
    type: 'work',
    id: `w${i}`,
    // Every work says 介绍; every tenth also 滑坡; three 天然气水合物.
    title: `${i % 10 === 0 ? '滑坡' : '岩石'}知识介绍 第${i}号`,
    excerpt: i < 3 ? '天然气水合物的形成条件。' : '地质科普的基础知识。',
    url: `/works/w${i}`,
    sectors: [i % 3 === 0 ? 'OCEAN' : 'GEOLOGY'],
    publishedAt: i % 50 === 0 ? undefined : day(i),
    ...extra,
  };
}

for (const dialect of DIALECTS) {
  describe(`totals on ${dialect}`, () => {
    let handle: DbHandle;
    let database: Parameters<typeof openDatabase>[0];
    let drop: () => Promise<void>;
    let engine: SearchEngine;
    const list = (extra: Partial<SearchParams> = {}): SearchParams => ({
      q: '',
      type: 'work',
      sort: 'date',
      page: 1,
      pageSize: 20,
      ...extra,
    });

    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      database = fresh.database;
      handle = openDatabase(fresh.database);
      await migrateToLatest(handle);
      engine = new SearchEngine(handle.db, handle.dialect, LOW);
      const others: SearchDocument[] = Array.from({ length: 40 }, (_, i) => ({
        type: 'base',
        id: `b${i}`,
        title: `地质公园介绍 ${i}`,
        excerpt: '基地介绍。',
        url: `/bases/b${i}`,
        publishedAt: day(i),
      }));
      await handle.db
        .transaction()
        .execute((tx) =>
          engine.write(tx, [...Array.from({ length: WORKS }, (_, i) => work(i)), ...others]),
        );
    });
    afterAll(async () => {
      await engine.flushQueryLog();
      await handle.close();
      await drop();
    });

    it('gives the library list its exact total, newest first, undated last', async () => {
      const r = await engine.search(list());
      expect(r).toMatchObject({ total: WORKS, totalApproximate: false, exactTotal: WORKS });
      // Newest first: the dated works by hour descending, the latest indexed first on a tie.
      const dated = Array.from({ length: WORKS }, (_, i) => i)
        .filter((i) => i % 50 !== 0)
        .reverse();
      expect(r.items.map((h) => h.id)).toEqual(dated.slice(0, 20).map((i) => `w${i}`));
      // The last page ends with the undated, the latest written first.
      const last = await engine.search(list({ page: WORKS / 20 }));
      expect(last.items.slice(-3).map((h) => h.id)).toEqual(['w100', 'w50', 'w0']);
      expect(last.items.every((h, i) => i < 8 || h.publishedAt === null)).toBe(true);
      // Every type together: exact too.
      const all = await engine.search(list({ type: undefined }));
      expect(all).toMatchObject({ total: WORKS + 40, totalApproximate: false });
      // Its facets (a sample of a large list, scaled to the exact total) are flagged.
      expect(all.facetsApproximate).toBe(true);
      const works = all.facets.type!.find((f) => f.value === 'work')!.count;
      expect(Math.abs(works / (WORKS + 40) - WORKS / (WORKS + 40))).toBeLessThan(0.1);
      // A large list's facets come from a sample, flagged, and close.
      expect(r.facetsApproximate).toBe(true);
      const ocean = r.facets.sector!.find((f) => f.value === 'OCEAN')!.count;
      expect(Math.abs(ocean / WORKS - 1 / 3)).toBeLessThan(0.12);
    });

    it('follows every write at once', async () => {
      await handle.db
        .transaction()
        .execute((tx) =>
          engine.write(tx, [
            work(1000, { publishedAt: '2030-01-01T00:00:00.000Z' }),
            work(1001),
            work(1002),
          ]),
        );
      let r = await engine.search(list());
      expect(r.total).toBe(WORKS + 3);
      expect(r.items[0]!.id).toBe('w1000');
      // Rewriting a document changes nothing; one without a page leaves the index.
      await handle.db
        .transaction()
        .execute((tx) => engine.write(tx, [work(1001), { ...work(1002), url: null }]));
      r = await engine.search(list());
      expect(r).toMatchObject({ total: WORKS + 2, totalApproximate: false });
      // Another engine on the same database (another process: its own count) agrees.
      const other = new SearchEngine(handle.db, handle.dialect, LOW);
      expect((await other.search(list())).total).toBe(WORKS + 2);
    });

    it('gives a search its exact total below the limit, and flags the estimate above it', async () => {
      // 天然气水合物: 3 works, read whole.
      const few = await engine.search(list({ q: '天然气水合物', sort: 'relevance' }));
      expect(few).toMatchObject({ total: 3, totalApproximate: false, facetsApproximate: false });
      // 介绍: every work (and base: type work only here) — far past the lowered limits.
      const many = await engine.search(list({ q: '介绍', sort: 'relevance' }));
      expect(many.totalApproximate).toBe(true);
      expect(many.facetsApproximate).toBe(true);
      expect(Math.abs(many.total - (WORKS + 2)) / (WORKS + 2)).toBeLessThan(0.35);
      // With a filter besides the type the list is a search again: flagged when estimated.
      const ocean = await engine.search(list({ sector: 'OCEAN' }));
      expect(ocean.totalApproximate).toBe(true);
    });

    it('answers a question asked again from memory, and follows every write, here or elsewhere', async () => {
      const ask = () => engine.search(list({ q: '滑坡', sort: 'relevance' }));
      const first = await ask();
      // The same answer, not a second search; both questions are logged.
      const again = await ask();
      expect(again.items).toBe(first.items);
      await engine.flushQueryLog();
      const logged = await handle.db
        .selectFrom('searchQueries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('q', '=', '滑坡')
        .executeTakeFirstOrThrow();
      expect(Number(logged.n)).toBe(2);
      // This engine's own write: the next answer is new, and finds the work at once.
      await handle.db
        .transaction()
        .execute((tx) =>
          engine.write(tx, [
            work(2000, { title: '滑坡预警新作', publishedAt: '2031-01-01T00:00:00.000Z' }),
          ]),
        );
      const mine = await engine.search(list({ q: '滑坡预警新作', sort: 'relevance' }));
      expect(mine.items.map((h) => h.id)).toContain('w2000');
      expect((await ask()).items).not.toBe(first.items);
      // Another process's write (its own connection and engine): seen at once on SQLite (the
      // commit moves data_version), within 2 s on PostgreSQL.
      const asked = await engine.search(list({ q: '岩崩', sort: 'relevance' }));
      expect(asked.total).toBe(0);
      const listed = (await engine.search(list())).total;
      const elsewhere = openDatabase(database);
      try {
        const theirs = new SearchEngine(elsewhere.db, elsewhere.dialect, LOW);
        await elsewhere.db
          .transaction()
          .execute((tx) => theirs.write(tx, [work(2001, { title: '岩崩的成因' })]));
      } finally {
        await elsewhere.close();
      }
      if (dialect === 'postgres') await new Promise((r) => setTimeout(r, 2_100));
      const seen = await engine.search(list({ q: '岩崩', sort: 'relevance' }));
      expect(seen.items.map((h) => h.id)).toEqual(['w2001']);
      // The library list's exact total too.
      expect((await engine.search(list())).total).toBe(listed + 1);
    });
  });
}
