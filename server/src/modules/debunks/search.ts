/**
 * Published debunks in site search (type `debunk`), found by headline, the rumours and truths,
 * the verifying authority and the hazard's name. Their library work (type DEBUNK) is left out of
 * the `work` results (works/repo.ts), so a debunk shows once.
 */
import type { Executor } from '#platform/db/connect.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';
import { referenceNames } from '../reference/service.ts';
import * as repo from './repo.ts';

const KIND_WORDS = { DEBUNK: '辟谣', EXPLAINER: '科普 解读', NOTICE: '通报' } as const;

defineSearchType({
  type: 'debunk',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    const names = await referenceNames(db, ['HAZARD_TYPE']);
    const docs: SearchDocument[] = [];
    for (const id of ids) {
      const d = await repo.findDebunk(db, id);
      if (!d?.publishedAt) continue;
      const claims = JSON.parse(d.claims) as { rumour: string; truth: string }[];
      const hazard = d.hazard ? (names.get(`HAZARD_TYPE:${d.hazard}`) ?? null) : null;
      docs.push({
        type: 'debunk',
        id,
        title: d.title,
        excerpt: d.summary || claims[0]?.truth.slice(0, 200) || '',
        body: [...claims.flatMap((c) => [c.rumour, c.truth]), d.authority].join('\n'),
        url: `/debunks/${id}`,
        subtype: d.kind,
        publishedAt: d.publishedAt,
        region: d.divisionCode ? `${d.divisionCode.slice(0, 2)}0000` : null,
        sectors: [],
        topics: [],
        names: d.authority ? [d.authority] : [],
        keywords: [KIND_WORDS[d.kind], '谣言', ...(hazard ? [hazard] : [])],
      });
    }
    return docs;
  },
  listIds: (db: Executor, after: string | null, limit: number) =>
    repo.publishedIds(db, after, limit),
});
