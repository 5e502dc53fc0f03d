import type { Executor } from '#platform/db/connect.ts';
import type { BaseStatus } from '#platform/db/schema.ts';
import { richTextToPlain } from '#platform/richtext.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';
import { listBaseIds, listBasesToIndex } from './repo.ts';
import { BASE_TIER_ZH } from './schema.ts';

const INDEXED: BaseStatus[] = ['ACTIVE', 'RECTIFICATION', 'LEGACY_PENDING', 'MIGRATED'];

/** Named bases on the portal (active, rectifying, legacy) are found by name — also in pinyin. */
defineSearchType({
  type: 'base',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    const rows = await listBasesToIndex(db, ids, INDEXED);
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
    return listBaseIds(db, INDEXED, after, limit);
  },
});
