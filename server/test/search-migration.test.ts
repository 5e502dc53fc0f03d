import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db/connect.ts';
import { migrateTo, migrateToLatest } from '../src/platform/db/migrate.ts';
import { searchEngineFor } from '../src/platform/search/engine.ts';
import { bucketOf, lengthTier } from '../src/platform/search/facet-keys.ts';
import { DIALECTS, freshDatabase } from './helpers.ts';

/** A document as search_documents held it before migration 0010 (FNV buckets, no tiers). */
function oldRow(i: number, title: string, titleTokens: string, body: string, sector: string) {
  return {
    doc_key: `article:m${i}`,
    type: 'article',
    entity_id: `m${i}`,
    title,
    excerpt: body,
    url: `/works/m${i}`,
    subtype: null,
    published_at: `2024-0${i}-10T00:00:00Z`,
    year: 2024,
    region: null,
    sectors: JSON.stringify([sector]),
    topics: '[]',
    audiences: '[]',
    title_tokens: titleTokens,
    body_tokens: body.replace(/[。，]/g, ' ').trim(),
    name_keys: '',
    tag_tokens: '',
    facet_keys: `k_article s_${sector} y_2024 b_${i} h_0`,
    updated_at: '2024-01-01T00:00:00Z',
  };
}

for (const dialect of DIALECTS) {
  describe(`search migration 0010 on ${dialect}`, () => {
    it('re-keys documents indexed before it: still found, filtered, ranked and listed by date', async () => {
      const { database, drop } = await freshDatabase(dialect);
      const handle = openDatabase(database);
      try {
        await migrateTo(handle, '0009-base-cooperations');
        const rows = [
          oldRow(1, '海洋', '海洋', '海洋 很 大', 'OCEAN'),
          oldRow(
            2,
            '认识 海洋 生态 的 十个 问题',
            '认识 海洋 生态 的 十个 问题',
            '海洋 生态 系统',
            'OCEAN',
          ),
          oldRow(3, '湿地 保护', '湿地 保护', '湿地 与 海洋 相连', 'WETLAND'),
        ];
        for (const r of rows)
          await sql`insert into search_documents ${sql.raw(`(${Object.keys(r).join(', ')})`)}
            values (${sql.join(Object.values(r))})`.execute(handle.db);

        expect(await migrateToLatest(handle)).toContain('0010-search-tiers');

        const stored = (
          await sql<{ docKey: string; facetKeys: string; rankKeys: string }>`
            select doc_key as "docKey", facet_keys as "facetKeys", rank_keys as "rankKeys"
            from search_documents order by seq`.execute(handle.db)
        ).rows;
        const first = stored[0]!;
        const bucket = bucketOf(first.docKey);
        // Facets kept; buckets from the new hash; month and tiers added.
        expect(first.facetKeys.split(' ')).toEqual([
          'k_article',
          's_OCEAN',
          'y_2024',
          `b_${bucket}`,
          `h_${Math.floor(bucket / 16)}`,
          'd_202401',
          `n_${lengthTier(4)}`,
          `m_${lengthTier(1)}`,
        ]);
        const tier = dialect === 'sqlite' ? lengthTier(4) : lengthTier(1);
        expect(first.rankKeys).toBe(`${tier}_海洋`);

        const engine = searchEngineFor(handle.db, handle.dialect);
        const search = (q: string, extra: { sector?: string; sort?: 'date' } = {}) =>
          engine.search({ q, sort: 'relevance', page: 1, pageSize: 10, ...extra });
        const ocean = await search('海洋');
        expect(ocean.items.map((h) => h.id)).toEqual(['m1', 'm2', 'm3']);
        expect(ocean.facets.sector).toEqual([
          { value: 'OCEAN', count: 2 },
          { value: 'WETLAND', count: 1 },
        ]);
        expect((await search('海洋', { sector: 'WETLAND' })).items.map((h) => h.id)).toEqual([
          'm3',
        ]);
        expect((await search('海洋', { sort: 'date' })).items.map((h) => h.id)).toEqual([
          'm3',
          'm2',
          'm1',
        ]);
        // Written after the migration, a document is indexed the same way.
        await handle.db.transaction().execute((tx) =>
          engine.write(tx, [
            {
              type: 'article',
              id: 'm4',
              title: '海洋',
              excerpt: '海洋。',
              url: '/works/m4',
              sectors: ['OCEAN'],
              publishedAt: '2024-05-10T00:00:00Z',
            },
          ]),
        );
        expect((await search('海洋', { sort: 'date' })).items[0]!.id).toBe('m4');
      } finally {
        await flushQueryLog(handle);
        await handle.close();
        await drop();
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`search migration 0011 on ${dialect}`, () => {
    it("adds a work's own type to its facet keys: a facet and a filter of its own", async () => {
      const { database, drop } = await freshDatabase(dialect);
      const handle = openDatabase(database);
      try {
        await migrateTo(handle, '0010-search-tiers');
        const row = (i: number, subtype: string, type = 'work') => ({
          ...oldRow(i, '海洋', '海洋', '海洋 很 大', 'OCEAN'),
          doc_key: `${type}:w${i}`,
          type,
          entity_id: `w${i}`,
          subtype,
          facet_keys: `k_${type} s_OCEAN y_2024 b_${i} h_0 d_20240${i} n_2 m_0`,
          rank_keys: '0_海洋',
        });
        for (const r of [
          row(1, 'VIDEO'),
          row(2, 'BOOK'),
          row(3, 'VIDEO'),
          row(4, 'MUSEUM', 'organisation'),
        ])
          await sql`insert into search_documents ${sql.raw(`(${Object.keys(r).join(', ')})`)}
            values (${sql.join(Object.values(r))})`.execute(handle.db);

        expect(await migrateToLatest(handle)).toContain('0011-search-work-types');

        const keys = (
          await sql<{ facetKeys: string }>`select facet_keys as "facetKeys" from search_documents
            order by seq`.execute(handle.db)
        ).rows.map((r) => r.facetKeys);
        expect(keys[0]).toBe('k_work w_VIDEO s_OCEAN y_2024 b_1 h_0 d_202401 n_2 m_0');
        // Not a work: no work type.
        expect(keys[3]).toBe('k_organisation s_OCEAN y_2024 b_4 h_0 d_202404 n_2 m_0');
        const engine = searchEngineFor(handle.db, handle.dialect);
        const search = (workType?: string) =>
          engine.search({ q: '海洋', sort: 'date', page: 1, pageSize: 10, workType });
        expect((await search()).facets.workType).toEqual([
          { value: 'VIDEO', count: 2 },
          { value: 'BOOK', count: 1 },
        ]);
        expect((await search('VIDEO')).items.map((h) => h.id)).toEqual(['w3', 'w1']);
        // Applied once: a second run changes nothing.
        expect(await migrateToLatest(handle)).toEqual([]);
      } finally {
        await flushQueryLog(handle);
        await handle.close();
        await drop();
      }
    });
  });
}

/** The query log is written in batches: flush it before the database goes. */
async function flushQueryLog(handle: ReturnType<typeof openDatabase>) {
  await searchEngineFor(handle.db, handle.dialect).flushQueryLog();
}
