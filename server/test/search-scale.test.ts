import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { Tuning } from '../src/platform/search/backends.ts';
import { SearchEngine } from '../src/platform/search/engine.ts';
import type { SearchDocument, SearchParams } from '../src/platform/search/types.ts';
import { DIALECTS, freshDatabase } from './helpers.ts';

/**
 * The large-match paths (sampled facets, estimated totals, ranking by length tier, newest first
 * by months) on a catalogue of 1,200, with the limits lowered so that it counts as large.
 */
const SIZE = 1200;
const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString();
const sectorOf = (i: number) => (i % 4 === 0 ? 'OCEAN' : 'GEOLOGY');

function corpus(): SearchDocument[] {
  const docs: SearchDocument[] = Array.from({ length: SIZE }, (_, i) => ({
    type: 'article',
    id: `s${i}`,
    // Two lengths of title: the shorter ones are a lower tier.
    title: i % 2 === 0 ? `海洋观测 第${i}号` : `海洋观测与海岸带调查的方法和实践 第${i}号`,
    excerpt: '海洋观测记录水温、盐度和海流，用于研究海洋环境的变化。',
    url: `/works/s${i}`,
    sectors: [sectorOf(i)],
    publishedAt: day(i),
  }));
  docs.push(
    // The shortest document with the word in its title, and the oldest.
    {
      type: 'article',
      id: 'tiny',
      title: '海洋',
      excerpt: '海洋。',
      url: '/works/tiny',
      sectors: ['OCEAN'],
      publishedAt: '2019-01-01T00:00:00Z',
    },
    // The word only in its text, and the newest.
    {
      type: 'article',
      id: 'text',
      title: '一份观测记录',
      excerpt: '记录了近海海洋的水温。',
      url: '/works/text',
      sectors: ['GEOLOGY'],
      publishedAt: '2030-01-01T00:00:00Z',
    },
  );
  return docs;
}

/** Newest first, as the index must give it: by date, then the later written. */
function newestIds(docs: SearchDocument[], filter: (d: SearchDocument) => boolean) {
  return docs
    .map((d, seq) => ({ d, seq }))
    .filter(({ d }) => filter(d))
    .sort((a, b) => (a.d.publishedAt! < b.d.publishedAt! ? 1 : -1) || b.seq - a.seq)
    .map(({ d }) => d.id);
}

const ESTIMATED: Partial<Tuning> = {
  exactMax: 50,
  sample: 150,
  countMax: 300,
  firstBuckets: 2,
  hashMax: 0,
  rankAllMax: 50,
  tierTarget: 10,
};
const COUNTED: Partial<Tuning> = { ...ESTIMATED, countMax: 5000, hashMax: 5000 };

for (const dialect of DIALECTS) {
  describe(`search at scale on ${dialect}`, () => {
    let handle: DbHandle;
    let drop: () => Promise<void>;
    const docs = corpus();
    const params = (extra: Partial<SearchParams> = {}): SearchParams => ({
      q: '海洋',
      sort: 'relevance',
      page: 1,
      pageSize: 10,
      ...extra,
    });
    const ids = (r: { items: { id: string }[] }) => r.items.map((h) => h.id);

    beforeAll(async () => {
      const fresh = await freshDatabase(dialect);
      drop = fresh.drop;
      handle = openDatabase(fresh.database);
      await migrateToLatest(handle);
      const engine = new SearchEngine(handle.db, handle.dialect);
      await handle.db.transaction().execute((tx) => engine.write(tx, docs));
    });
    afterAll(async () => {
      await handle.close();
      await drop();
    });

    for (const [name, tuning] of [
      ['estimated', ESTIMATED],
      ['counted', COUNTED],
    ] as const) {
      it(`${name}: a sample gives the facets, flagged, and the total ${name === 'counted' ? 'exactly' : 'closely'}`, async () => {
        const engine = new SearchEngine(handle.db, handle.dialect, tuning);
        const r = await engine.search(params());
        expect(r.facetsApproximate).toBe(true);
        if (name === 'counted')
          expect(r).toMatchObject({ total: SIZE + 2, totalApproximate: false });
        else {
          expect(r.totalApproximate).toBe(true);
          expect(Math.abs(r.total - (SIZE + 2)) / (SIZE + 2)).toBeLessThan(0.25);
        }
        const ocean = r.facets.sector!.find((f) => f.value === 'OCEAN')!.count;
        expect(Math.abs(ocean / r.total - 0.25)).toBeLessThan(0.1);
        await engine.flushQueryLog();
      });

      it(`${name}: the shortest title match leads, then the same tier newest first, across pages`, async () => {
        const engine = new SearchEngine(handle.db, handle.dialect, tuning);
        const first = await engine.search(params());
        const second = await engine.search(params({ page: 2 }));
        expect(ids(first)[0]).toBe('tiny');
        // Then the short titles (even numbers), newest first.
        const shortNewest = newestIds(
          docs,
          (d) => d.id.startsWith('s') && Number(d.id.slice(1)) % 2 === 0,
        );
        expect([...ids(first), ...ids(second)]).toEqual(['tiny', ...shortNewest.slice(0, 19)]);
        await engine.flushQueryLog();
      });

      it(`${name}: two words in the head rank the same way, the crowded tier newest first`, async () => {
        const engine = new SearchEngine(handle.db, handle.dialect, tuning);
        const two = (page: number, year?: number) =>
          engine.search(params({ q: '海洋 观测', page, year }));
        const shortNewest = (year?: number) =>
          newestIds(
            docs,
            (d) =>
              d.id.startsWith('s') &&
              Number(d.id.slice(1)) % 2 === 0 &&
              (year === undefined || d.publishedAt!.startsWith(String(year))),
          );
        expect([...ids(await two(1)), ...ids(await two(2))]).toEqual(shortNewest().slice(0, 20));
        // Within a year the crowded tier is read by its last months.
        expect([...ids(await two(1, 2022)), ...ids(await two(2, 2022))]).toEqual(
          shortNewest(2022).slice(0, 20),
        );
        await engine.flushQueryLog();
      });

      it(`${name}: newest first reads the last months and is exact, with and without a filter`, async () => {
        const engine = new SearchEngine(handle.db, handle.dialect, tuning);
        const all = newestIds(docs, () => true);
        expect(ids(await engine.search(params({ sort: 'date' })))).toEqual(all.slice(0, 10));
        expect(ids(await engine.search(params({ sort: 'date', page: 3 })))).toEqual(
          all.slice(20, 30),
        );
        const ocean = newestIds(docs, (d) => d.sectors?.[0] === 'OCEAN');
        expect(ids(await engine.search(params({ sort: 'date', sector: 'OCEAN' })))).toEqual(
          ocean.slice(0, 10),
        );
        // A year: its months only.
        const y2021 = newestIds(docs, (d) => d.publishedAt!.startsWith('2021'));
        expect(ids(await engine.search(params({ sort: 'date', year: 2021 })))).toEqual(
          y2021.slice(0, 10),
        );
        await engine.flushQueryLog();
      });

      it(`${name}: a filter the head barely meets fills the page from the sample`, async () => {
        const engine = new SearchEngine(handle.db, handle.dialect, tuning);
        // 观测 is in every title but 记录 only in texts: no rank keys for both, a head too small.
        const r = await engine.search(params({ q: '观测 记录' }));
        expect(r.items).toHaveLength(10);
        expect(new Set(ids(r)).size).toBe(10);
        await engine.flushQueryLog();
      });
    }

    it('reads a match whole when its first buckets overstate it: exact count, facets and order', async () => {
      // PostgreSQL: eight buckets promise far more than a sample of 4, so the counting pass keeps
      // only a few buckets; the match (365) is within exactMax, so it is read whole after all.
      const engine = new SearchEngine(handle.db, handle.dialect, {
        sample: 4,
        firstBuckets: 8,
        exactMax: 400,
      });
      const inYear = (d: SearchDocument) => d.publishedAt!.startsWith('2021');
      const r = await engine.search(params({ sort: 'date', year: 2021 }));
      expect(r).toMatchObject({ total: 365, totalApproximate: false, facetsApproximate: false });
      expect(r.facets.sector!.find((f) => f.value === 'OCEAN')!.count).toBe(
        docs.filter((d) => inYear(d) && d.sectors?.[0] === 'OCEAN').length,
      );
      expect(ids(r)).toEqual(newestIds(docs, inYear).slice(0, 10));
      await engine.flushQueryLog();
    });
  });
}
