import type { Executor } from '#platform/db/connect.ts';
import { richTextToPlain } from '#platform/richtext.ts';
import { defineSearchType } from '#platform/search/engine.ts';
import type { SearchDocument } from '#platform/search/types.ts';

/** Published collections and series are found by their title and introduction. */
defineSearchType({
  type: 'collection',
  async load(db: Executor, ids: string[]): Promise<SearchDocument[]> {
    const rows = await db
      .selectFrom('collections')
      .select(['id', 'kind', 'title', 'intro', 'publishedAt'])
      .where('id', 'in', ids)
      .where('status', '=', 'PUBLISHED')
      .execute();
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
    const rows = await db
      .selectFrom('collections')
      .select('id')
      .where('status', '=', 'PUBLISHED')
      .$if(after !== null, (q) => q.where('id', '>', after!))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },
});
