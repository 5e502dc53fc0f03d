/**
 * Experts in site search (type `expert`): those with a public page, found by name (and its
 * pinyin), public title, unit and the names of their public hazards and domains. The document is
 * built from the same public view as the page, so a private part never reaches the index.
 */
import type { Executor } from '#platform/db/connect.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';
import { referenceNames } from '../reference/service.ts';
import * as repo from './repo.ts';
import { publicExpertView } from './service.ts';

defineSearchType({
  type: 'expert',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    const names = await referenceNames(db, ['SECTOR', 'TOPIC', 'HAZARD_TYPE']);
    const docs: SearchDocument[] = [];
    for (const id of ids) {
      const e = await publicExpertView(db, id, 'zh-CN').catch(() => null);
      if (!e) continue;
      const named = (kind: string, codes: string[] | undefined) =>
        (codes ?? []).flatMap((c) => names.get(`${kind}:${c}`) ?? []);
      docs.push({
        type: 'expert',
        id,
        title: e.name,
        excerpt: [e.title, e.organisationName, named('HAZARD_TYPE', e.hazards).join('、')]
          .filter(Boolean)
          .join(' · '),
        body: [e.bio, ...(e.publications ?? []).map((p) => p.title)].filter(Boolean).join('\n'),
        url: `/experts/${id}`,
        subtype: e.rank ?? null,
        region: e.regions?.[0]?.code ?? null,
        sectors: e.sectors ?? [],
        topics: e.topics ?? [],
        names: [e.name],
        keywords: [
          ...named('SECTOR', e.sectors),
          ...named('TOPIC', e.topics),
          ...named('HAZARD_TYPE', e.hazards),
        ],
      });
    }
    return docs;
  },
  listIds: (db: Executor, after: string | null, limit: number) =>
    repo.publicExpertIds(db, after, limit),
});
