import type { Executor } from '../db/connect.ts';
import type { Range } from './analyzer.ts';

/** What a module hands the index for one public entity. */
export interface SearchDocument {
  type: string;
  id: string;
  title: string;
  /** Shown as the snippet source (summary, first paragraph); at most ~400 characters are kept. */
  excerpt: string;
  /** Further text that is searched but not shown. */
  body?: string;
  /** Portal path of the entity (e.g. /works/…), null while its type has no public page. */
  url: string | null;
  subtype?: string | null;
  publishedAt?: string | null;
  /** GB/T 2260 code of the place the entity belongs to. */
  region?: string | null;
  sectors?: string[];
  topics?: string[];
  audiences?: string[];
  /** Names that are also found by pinyin (people, bases, units). */
  names?: string[];
  /** Words the entity is about though its text may not say them: its sector and topic names. */
  keywords?: string[];
  /**
   * For a type that ranks its current entities first (`currentFirst`): whether this one is
   * current (an activity not yet ended). Indexed as a key; the module reindexes when it lapses.
   */
  current?: boolean;
}

/** A module's searchable type: how to load its public documents. */
export interface SearchTypeDefinition {
  type: string;
  /** The public documents for these ids; an id not returned is removed from the index. */
  load(db: Executor, ids: string[]): Promise<SearchDocument[]>;
  /** Every id of this type, in pages ordered by id, for reindexing. */
  listIds(db: Executor, after: string | null, limit: number): Promise<string[]>;
  /**
   * Searches of this type alone rank its current documents (`current`) above the others, each
   * part in the order asked for (e.g. upcoming activities above past ones).
   */
  currentFirst?: boolean;
}

export const FACETS = [
  'type',
  'workType',
  'sector',
  'topic',
  'audience',
  'region',
  'year',
] as const;
export type FacetName = (typeof FACETS)[number];
export type Facets = Record<FacetName, { value: string; count: number }[]>;

export interface SearchFilters {
  type?: string;
  /** A work's WORK_TYPE code (VIDEO, BOOK …): works of that type only. */
  workType?: string;
  sector?: string;
  topic?: string;
  audience?: string;
  /** A province-level code (PP0000): the entity's region is inside that province. */
  region?: string;
  year?: number;
  /** Internal (currentFirst types): only documents indexed as current (true) or not (false). */
  current?: boolean;
}

/**
 * The analyzed query: every group must match, any member of a group may; or, for a query in
 * letters, the pinyin words as prefixes of a name's keys (all of them, or all joined).
 */
export interface MatchExpression {
  groups: string[][];
  pinyin: string[] | null;
  /**
   * Partial matching: documents with all groups but one also match, ranked after every document
   * that has them all. Used only when the precise query finds too little.
   */
  relaxed?: boolean;
  /**
   * How many groups a relaxed match may miss (1 unless said): when too few documents miss only
   * one word, those that miss two follow, and so on down to one word of the query.
   */
  missing?: number;
  /**
   * A group member may be a compound's parts joined by a space ("湿地 保护": both words, in any
   * order). Such a match is answered after the documents of `strictOf` (the same query with the
   * compounds whole), ranked below every one of them.
   */
  split?: boolean;
  /** A query in pinyin read as these words (shown to the reader: 按拼音匹配). */
  pinyinWords?: string[][];
}

export interface SearchParams extends SearchFilters {
  q: string;
  sort: 'relevance' | 'date';
  page: number;
  pageSize: number;
}

export interface MatchedRow {
  type: string;
  entityId: string;
  title: string;
  excerpt: string;
  url: string | null;
  subtype: string | null;
  publishedAt: string | null;
  score: number;
}

export interface SearchHit {
  type: string;
  id: string;
  title: string;
  snippet: string;
  url: string | null;
  subtype: string | null;
  publishedAt: string | null;
  score: number;
  highlights: { title: Range[]; snippet: Range[] };
}

export interface SearchResult {
  items: SearchHit[];
  total: number;
  facets: Facets;
  /** True when too few documents had every word, so documents missing one word follow them. */
  relaxed: boolean;
  /** How many documents have every word (equals total unless relaxed). */
  exactTotal: number;
  /**
   * The facet counts are estimates: the match set was too large to count every document, so they
   * were counted over a fixed hashed sample of it and scaled to the total.
   */
  facetsApproximate: boolean;
  /**
   * The total is an estimate from that sample: on either database when the match set is larger
   * than an exact count allows (backends.ts TUNING: SQLite past countMax, about 5,000 matches;
   * PostgreSQL past exactMax or hashMax). Otherwise the total is exact.
   */
  totalApproximate: boolean;
  /**
   * A query in pinyin read as these words (dizhizaihai → [[地质灾害]]): each group one word of the
   * query, its homophones as alternatives; empty when the query was not read so.
   */
  pinyinWords: string[][];
  /** Compounds the index did not hold together were also searched by their parts, in any order. */
  split: boolean;
}

/** One page of a match, as a back end answers it. */
export interface BackendPage {
  rows: MatchedRow[];
  total: number;
  /** True when the total is an estimate (either database, large match sets: see SearchResult). */
  totalApproximate: boolean;
  facets: Facets;
  /** True when the facets were counted over a sample of a large match set and scaled up. */
  facetsApproximate: boolean;
}

/** A plain list's total (exact) and facets (counted, or over a sample of a large list). */
export interface PlainListStats {
  total: number;
  facets: Facets;
  facetsApproximate: boolean;
}

/** One dialect's index: answers a match with filters, sort, paging and facets. */
export interface SearchBackend {
  /**
   * Newest first with no words and no filter but the type (the library's list): a page read
   * from the type's date index.
   */
  newest(
    db: Executor,
    type: string | undefined,
    limit: number,
    offset: number,
  ): Promise<MatchedRow[]>;
  /** The same list's exact total, and its facets. */
  plainStats(db: Executor, type: string | undefined): Promise<PlainListStats>;
  search(
    db: Executor,
    match: MatchExpression | null,
    filters: SearchFilters,
    sort: 'relevance' | 'date',
    limit: number,
    offset: number,
  ): Promise<BackendPage>;
}
