import { sql } from 'kysely';
import type { Executor } from '../db/connect.ts';
import { bucketKeys, countKeys, SAMPLE_BUCKETS } from './facet-keys.ts';
import type { Tiers } from './query-text.ts';

/** What each dialect's matcher answers, and the pieces they share (see backends.ts). */

/** Extra matches read past a page, so a tie at its last place can be settled without a rescan. */
export const TIE_MARGIN = 40;

/** A match in the making of a page: its place in the order is decided by these. */
export interface Candidate {
  seq: number;
  score: number;
  publishedAt: string | null;
  /**
   * Of a relaxed query, how many words it misses when known (0: it has every one): fewer first,
   * and all of these before the matches not known so.
   */
  missing?: number;
  /** A head match where the rest of the page came from a sample: before the sample. */
  lead?: boolean;
}

export type Sort = 'relevance' | 'date';

/** A candidate's `missing` when not known: after every known one. */
const UNKNOWN = Number.MAX_SAFE_INTEGER;

export function compare(sort: Sort) {
  const date = (a: Candidate, b: Candidate) =>
    a.publishedAt === b.publishedAt
      ? 0
      : a.publishedAt === null
        ? 1
        : b.publishedAt === null
          ? -1
          : a.publishedAt < b.publishedAt
            ? 1
            : -1;
  // Newest first, and on one date the latest indexed first: no score is needed to sort by date.
  return sort === 'date'
    ? (a: Candidate, b: Candidate) => date(a, b) || b.seq - a.seq
    : (a: Candidate, b: Candidate) =>
        (a.missing ?? UNKNOWN) - (b.missing ?? UNKNOWN) ||
        Number(!!b.lead) - Number(!!a.lead) ||
        a.score - b.score ||
        date(a, b) ||
        a.seq - b.seq;
}

/** Key counts over a set of matches: all of them, or those in a sample of the buckets. */
export interface KeyCounts {
  counts: Map<string, number>;
  n: number;
  /** The whole match's size, when the pass that sampled it also counted it (PostgreSQL). */
  total?: number;
  /**
   * Every match with its date, when the whole match was read (a small one, or PostgreSQL's
   * counting pass that kept all of it).
   */
  members?: Candidate[];
  /**
   * The length tier of each sampled document whose title or names hold a word of every group
   * (PostgreSQL): where the head matches are.
   */
  heads?: number[];
  /**
   * The sampled matches themselves, scored by length tier, with their hash buckets, when the
   * pass that counted every match read them (PostgreSQL, a match of a thousand or two).
   */
  sampled?: (Candidate & { bucket: number })[];
}

/** A small match read whole: its members, their facet keys counted. */
export function membersOf(
  rows: { seq: number; publishedAt: string | null; k: string }[],
): KeyCounts {
  return {
    counts: countKeys(rows.map((r) => r.k)),
    n: rows.length,
    members: rows.map((r) => ({ seq: r.seq, score: 0, publishedAt: r.publishedAt })),
  };
}

/**
 * A narrowing of the match: documents with any of these keys (sample buckets, months); `head`:
 * the words only in title, names (and tags, SQLite); `tiers`: the head words in these length
 * tiers (rank keys).
 */
export interface Narrow {
  any?: string[];
  head?: boolean;
  tiers?: Tiers;
  /** The first `hashed` of 256 buckets of a hash of the seq (SQLite: the rowid FTS5 hands over). */
  hashed?: number;
  /** Order by length tier, then newest, instead of by score (implied by `tiers`). */
  byTier?: boolean;
  /** The whole match, already read (a small one): only to be scored. */
  members?: Candidate[];
}

/**
 * One dialect's way to answer a match (words and filters as index keys, or, with neither, every
 * document).
 */
export interface Matcher {
  /**
   * The key counts of every match when there are at most `max`; else the number of matches when
   * the index counts up to `countMax` without reading rows (SQLite), or null.
   */
  small(
    max: number,
    countMax: number,
  ): Promise<KeyCounts | { count: number | null; seqs?: number[] }>;
  /** The keys of these matches (SQLite: a sample drawn from the list `small` handed over). */
  keysFor?(seqs: number[]): Promise<KeyCounts>;
  /**
   * Key counts over the matches in sample buckets `from` to `to`: bucket keys in the index, or
   * (`hashed`, PostgreSQL, a match of a thousand or two) a hash of the seq in a pass that counts
   * every match too — no bucket key lists merged.
   */
  keyCounts(from: number, to: number, hashed?: boolean): Promise<KeyCounts>;
  /** The best `n` by score, and every match tied with the n-th (so the tie-break stays exact). */
  best(n: number, narrow?: Narrow): Promise<Candidate[]>;
  /** Every match (with `any`: those with one of these keys), with its date, unscored. */
  dated(any?: string[]): Promise<Candidate[]>;
  /** Newest first by its own means (SQLite), or null to walk with nthDate and since. */
  newest?(end: number, total: number): Promise<Candidate[] | null>;
  /** The date of the n-th match newest first (null: undated), undefined when there are fewer. */
  nthDate(n: number): Promise<string | null | undefined>;
  /** Every match dated `date` or later, unscored. */
  since(date: string): Promise<Candidate[]>;
  /** The scores of these matches. */
  scores(seqs: number[]): Promise<Map<number, number>>;
  /** The catalogue's latest publication date (the date index's first entry). */
  latest(): Promise<string | null>;
}

/** The catalogue's latest publication date: the same index lookup in both dialects. */
export async function latestDate(db: Executor): Promise<string | null> {
  const r = await sql<{
    d: string | null;
  }>`select max(published_at) as d from search_documents`.execute(db);
  return r.rows[0]?.d ?? null;
}

export const num = (v: unknown) => Number(v);

/**
 * The filter keys still needed beside these `any` keys: a year is left out when every month
 * named is in it (each key ANDed into a match is one more long list to merge).
 */
export function keysBeside(keys: string[], any?: string[]): string[] {
  if (!any?.length) return keys;
  return keys.filter(
    (k) => !(k.startsWith('y_') && any.every((a) => a.startsWith(`d_${k.slice(2)}`))),
  );
}

/** The keys of sample buckets `from` to `to`; none (no narrowing) for all of them. */
export const sampleKeys = (from: number, to: number) =>
  from <= 0 && to >= SAMPLE_BUCKETS ? undefined : bucketKeys(from, to);

/** One string of every document's keys, counted in JS: a row per document costs far more. */
export function keyCountsOf(row: { n: unknown; k: string | null } | undefined): KeyCounts {
  return { counts: countKeys([row?.k ?? '']), n: num(row?.n ?? 0) };
}
