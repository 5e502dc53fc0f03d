import type { Executor } from '#platform/db/connect.ts';
import { richTextToPlain } from '#platform/richtext.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';
import { BASE_TIER_ZH } from './schema.ts';

/** Named bases on the portal (active, rectifying, legacy) are found by name — also in pinyin. */
defineSearchType({
  type: 'base',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    const rows = await db
      .selectFrom('bases')
      .innerJoin('organisations', 'organisations.id', 'bases.hostOrgId')
      .select([
        'bases.id',
        'bases.name',
        'bases.tier',
        'bases.intro',
        'bases.address',
        'bases.sectors',
        'bases.divisionCode',
        'bases.namedAt',
        'organisations.name as hostName',
      ])
      .where('bases.id', 'in', ids)
      .where('bases.status', 'in', ['ACTIVE', 'RECTIFICATION', 'LEGACY_PENDING', 'MIGRATED'])
      .execute();
    return rows.map((r) => {
      const plain = richTextToPlain(r.intro);
      return {
        type: 'base',
        id: r.id,
        title: r.name,
        excerpt:
          plain.slice(0, 200) ||
          `${BASE_TIER_ZH[r.tier as keyof typeof BASE_TIER_ZH] ?? ''} · ${r.address}`,
        body: `${plain.slice(200)} ${r.address} ${r.hostName}`,
        url: `/bases/${r.id}`,
        subtype: r.tier,
        publishedAt: r.namedAt ? `${r.namedAt}T00:00:00.000Z` : null,
        region: r.divisionCode,
        sectors: JSON.parse(r.sectors) as string[],
        names: [r.name, r.hostName],
        keywords: ['科普基地', BASE_TIER_ZH[r.tier as keyof typeof BASE_TIER_ZH] ?? ''].filter(
          Boolean,
        ),
      };
    });
  },
  async listIds(db: Executor, after: string | null, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('bases')
      .select('id')
      .where('status', 'in', ['ACTIVE', 'RECTIFICATION', 'LEGACY_PENDING', 'MIGRATED'])
      .$if(after !== null, (q) => q.where('id', '>', after!))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
});
