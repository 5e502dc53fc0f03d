import type { Executor } from '#platform/db/connect.ts';
import { richTextToPlain } from '#platform/richtext.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';
import { referenceKeywordsOf } from '../reference/service.ts';
import { listPublishedWorkIds, listWorksToIndex, type WorkRow } from './repo.ts';

type KeywordsOf = Awaited<ReturnType<typeof referenceKeywordsOf>>;

type IndexedFields =
  | 'id'
  | 'type'
  | 'title'
  | 'summary'
  | 'body'
  | 'authors'
  | 'sectors'
  | 'topics'
  | 'audiences'
  | 'regions'
  | 'publishedAt';

/**
 * The search documents of published works' rows (an import has them in hand: no reading back),
 * with the keywords of their tags (`referenceKeywordsOf`, read once by the caller).
 */
export function workDocuments(
  keywordsOf: KeywordsOf,
  rows: Pick<WorkRow, IndexedFields>[],
): SearchDocument[] {
  return rows.map((r) => {
    const plain = richTextToPlain(r.body);
    const sectors = JSON.parse(r.sectors) as string[];
    const topics = JSON.parse(r.topics) as string[];
    return {
      type: 'work',
      id: r.id,
      title: r.title,
      // Without a summary the excerpt is the body's start: index the rest only once.
      excerpt: r.summary || plain.slice(0, 200),
      body: r.summary ? plain : plain.slice(200),
      url: `/works/${r.id}`,
      subtype: r.type,
      publishedAt: r.publishedAt,
      region: (JSON.parse(r.regions) as string[])[0] ?? null,
      sectors,
      topics,
      audiences: JSON.parse(r.audiences),
      names: (JSON.parse(r.authors) as { name: string }[]).map((a) => a.name),
      keywords: keywordsOf({ workType: r.type, sectors, topics }),
    };
  });
}

/** Published works are public: withdrawn and archived ones leave the index. */
defineSearchType({
  type: 'work',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    return workDocuments(await referenceKeywordsOf(db), await listWorksToIndex(db, ids));
  },
  async listIds(db: Executor, after: string | null, limit: number): Promise<string[]> {
    return listPublishedWorkIds(db, after, limit);
  },
});
