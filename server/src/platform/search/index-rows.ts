import type { DialectName } from '../db/connect.ts';
import type { SearchDocumentTable } from '../db/schema.ts';
import type { Analyzer } from './analyzer.ts';
import { facetKeysOf, lengthTier, rankKeysOf } from './facet-keys.ts';
import type { SearchDocument } from './types.ts';

const EXCERPT_MAX = 400;

/** A search_documents row as written: the document, its tokens and its keys. */
export type IndexRow = Omit<SearchDocumentTable, 'seq'>;

/**
 * The row of one document: the CPU-heavy part of indexing (segmentation, pinyin, keys), a pure
 * function so that a bulk write can run it on worker threads (analysis-pool.ts).
 */
export function indexRowOf(
  analyzer: Analyzer,
  dialect: DialectName,
  d: SearchDocument,
  at: string,
): IndexRow {
  const excerpt = d.excerpt.slice(0, EXCERPT_MAX);
  const docKey = `${d.type}:${d.id}`;
  const year = d.publishedAt ? Number(d.publishedAt.slice(0, 4)) : null;
  const title = analyzer.indexTokens(d.title);
  const body = analyzer.indexTokens(`${excerpt}\n${d.body ?? ''}`);
  const names = (d.names ?? []).flatMap((n) => analyzer.pinyinTokens(n));
  const tags = (d.keywords ?? []).flatMap((k) => analyzer.indexTokens(k));
  const length = title.length + body.length + names.length + tags.length;
  const headLength = title.length + names.length;
  return {
    docKey,
    type: d.type,
    entityId: d.id,
    title: d.title,
    excerpt,
    url: d.url,
    subtype: d.subtype ?? null,
    publishedAt: d.publishedAt ?? null,
    year,
    region: d.region ?? null,
    sectors: JSON.stringify(d.sectors ?? []),
    topics: JSON.stringify(d.topics ?? []),
    audiences: JSON.stringify(d.audiences ?? []),
    titleTokens: title.join(' '),
    bodyTokens: body.join(' '),
    nameKeys: names.join(' '),
    tagTokens: tags.join(' '),
    facetKeys: facetKeysOf({
      docKey,
      type: d.type,
      subtype: d.subtype ?? null,
      sectors: d.sectors ?? [],
      topics: d.topics ?? [],
      audiences: d.audiences ?? [],
      region: d.region ?? null,
      year,
      month: d.publishedAt ? d.publishedAt.slice(0, 7).replace('-', '') : null,
      length,
      headLength,
      current: d.current,
    }),
    // Each dialect ranks a broad word its own way: SQLite by bm25 over title, names and tags
    // (length: every column), PostgreSQL by ts_rank over title and names (their length).
    rankKeys:
      dialect === 'sqlite'
        ? rankKeysOf(lengthTier(length), [...title, ...names, ...tags])
        : rankKeysOf(lengthTier(headLength), [...title, ...names]),
    updatedAt: at,
  };
}
