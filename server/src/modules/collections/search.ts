import type { Executor } from '#platform/db/connect.ts';
import { richTextToPlain } from '#platform/richtext.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';
import { listCollectionsToIndex, listPublishedCollectionIds } from './repo.ts';

/** Published collections and series are found by their title and introduction. */
defineSearchType({
  type: 'collection',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    const rows = await listCollectionsToIndex(db, ids);
    return rows.map((r) => {
      const plain = richTextToPlain(r.intro);
      return {
        type: 'collection',
        id: r.id,
        title: r.title,
        excerpt: plain.slice(0, 200),
        body: plain.slice(200),
        url: `/collections/${r.id}`,
        subtype: r.kind,
        publishedAt: r.publishedAt,
        keywords: [r.kind === 'TOPIC' ? '专题' : '系列'],
      };
    });
  },
  async listIds(db: Executor, after: string | null, limit: number): Promise<string[]> {
    return listPublishedCollectionIds(db, after, limit);
  },
});
