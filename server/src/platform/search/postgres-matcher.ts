import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/connect.ts';
import {
  type Candidate,
  type KeyCounts,
  keyCountsOf,
  keysBeside,
  latestDate,
  type Matcher,
  membersOf,
  type Narrow,
  num,
  sampleKeys,
} from './matcher.ts';
import type { Tiers } from './query-text.ts';

/** PostgreSQL's matcher: GIN indexes over words and keys (migration 0010), a heap visit a match. */

/** The words and the keys of a document, as its GIN indexes hold them (migration 0010). */
const PG_MATCH = sql`(d.tsv || array_to_tsvector(string_to_array(d.facet_keys, ' ')))`;
const PG_HEAD = sql`(d.head_tsv || array_to_tsvector(string_to_array(d.facet_keys, ' ')))`;
/** A document's sample bucket on PostgreSQL from its seq (the built-in integer hash), 0–255. */
const PG_HASH = sql`(hashint4(d.seq) & 255)`;
/** A document's length tier of title and names (its m_ key). */
const TIER = sql`substring(d.facet_keys from ' m_([0-9]+)')`;
const PG_RANK = sql`array_to_tsvector(array_remove(string_to_array(d.facet_keys || ' ' || d.rank_keys, ' '), ''))`;

interface SampleRow {
  n: number;
  k: string | null;
  /** Each sampled document's rank keys, comma-separated. */
  r: string | null;
}

/** A sample's key counts, with each document's rank keys (the head's tiers, backends.ts). */
function sampled(row: SampleRow | undefined): KeyCounts {
  return { ...keyCountsOf(row), heads: row?.r ? row.r.split(',') : [] };
}

export class PostgresMatcher implements Matcher {
  private readonly where: RawBuilder<unknown>;
  private readonly scoreExpr: RawBuilder<unknown>;
  constructor(
    private readonly db: Executor,
    private readonly words: string | null,
    private readonly keys: string[],
    private readonly rankWords: (tiers: Tiers) => string | null = () => null,
  ) {
    this.where = this.conditions();
    this.scoreExpr = words ? sql`-ts_rank(d.tsv, cast(${words} as tsquery), 1)` : sql`0`;
  }

  /** One tsquery for words, filters and narrowing, so one GIN scan answers it. */
  private conditions(narrow: Narrow = {}): RawBuilder<unknown> {
    const quote = (k: string) => `'${k}'`;
    const parts: string[] = [];
    const rank = narrow.tiers ? this.rankWords(narrow.tiers) : null;
    const words = rank ?? this.words;
    if (words) parts.push(`(${words})`);
    for (const k of keysBeside(this.keys, narrow.any)) parts.push(quote(k));
    if (narrow.any?.length) parts.push(`(${narrow.any.map(quote).join(' | ')})`);
    if (parts.length === 0) return sql`true`;
    const index = rank ? PG_RANK : narrow.head ? PG_HEAD : PG_MATCH;
    return sql`${index} @@ cast(${parts.join(' & ')} as tsquery)`;
  }

  async small(max: number) {
    // One pass reads up to max + 1 matches' keys: for a set that small, its count and facets.
    // Counting more costs a heap visit each: a larger total is estimated from the sample.
    const rows = (
      await sql<{
        seq: number;
        publishedAt: string | null;
        k: string;
      }>`select d.seq, d.published_at as "publishedAt",
          split_part(d.facet_keys, ' b_', 1) as k
        from search_documents d where ${this.where} limit ${max + 1}`.execute(this.db)
    ).rows;
    return rows.length > max ? { count: null } : membersOf(rows);
  }

  async keyCounts(from: number, to: number, hashed = false) {
    if (hashed) {
      // Every match is visited (and counted); only the sampled ones' keys are read out. For a
      // match of a few thousand this is cheaper than a GIN scan with many bucket keys ORed.
      const inSample = sql`${PG_HASH} between ${from} and ${to - 1}`;
      const r = await sql<SampleRow & { total: number; s: string | null }>`select count(*) as total,
          count(*) filter (where ${inSample}) as n, string_agg(d.facet_keys, ' ') filter (where ${inSample}) as k,
          string_agg(d.rank_keys, ',') filter (where ${inSample}) as r,
          string_agg(d.seq || ' ' || ${PG_HASH} || ' ' || ${TIER} || ' ' || coalesce(d.published_at, '-'), ',') filter (where ${inSample}) as s
        from search_documents d where ${this.where}`.execute(this.db);
      const row = r.rows[0];
      return {
        ...sampled(row),
        total: num(row?.total ?? 0),
        sampled: (row?.s ? row.s.split(',') : []).map((line) => {
          const [seq, bucket, tier, date] = line.split(' ');
          return {
            seq: Number(seq),
            bucket: Number(bucket),
            score: Number(tier),
            publishedAt: date === '-' ? null : date!,
          };
        }),
      };
    }
    const r = await sql<SampleRow>`select count(*) as n, string_agg(d.facet_keys, ' ') as k,
        string_agg(d.rank_keys, ',') as r
      from search_documents d where ${this.conditions({ any: sampleKeys(from, to) })}`.execute(
      this.db,
    );
    return sampled(r.rows[0]);
  }

  async best(n: number, narrow: Narrow = {}) {
    // The head is ranked by title and names alone (weights A and B); rank keys by length tier
    // (the m_ key), then newest.
    const score =
      narrow.tiers || narrow.byTier
        ? sql`cast(${TIER} as integer)`
        : narrow.head && this.words
          ? sql`-ts_rank(d.head_tsv, cast(${this.words} as tsquery), 1)`
          : this.scoreExpr;
    const sampled = narrow.hashed === undefined ? sql`` : sql`and ${PG_HASH} < ${narrow.hashed}`;
    return (
      await sql<Candidate>`select d.seq, ${score} as score, d.published_at as "publishedAt"
        from search_documents d where ${this.conditions(narrow)} ${sampled}
        order by score, d.published_at desc nulls last, d.seq limit ${n}`.execute(this.db)
    ).rows.map((r) => ({ ...r, score: num(r.score) }));
  }

  async dated(any?: string[]) {
    return (
      await sql<Candidate>`select d.seq, 0 as score, d.published_at as "publishedAt"
        from search_documents d where ${this.conditions({ any })}`.execute(this.db)
    ).rows;
  }

  latest() {
    return latestDate(this.db);
  }

  async nthDate(n: number) {
    const r = await sql<{ publishedAt: string | null }>`select d.published_at as "publishedAt"
      from search_documents d where ${this.where}
      order by d.published_at desc nulls last, d.seq limit 1 offset ${n - 1}`.execute(this.db);
    return r.rows.length ? r.rows[0]!.publishedAt : undefined;
  }

  async since(date: string) {
    return (
      await sql<Candidate>`select d.seq, 0 as score, d.published_at as "publishedAt"
        from search_documents d where d.published_at >= ${date} and ${this.where}`.execute(this.db)
    ).rows;
  }

  async scores(seqs: number[]) {
    if (!this.words || seqs.length === 0) return new Map<number, number>();
    const r = await sql<{ seq: number; score: number }>`select d.seq, ${this.scoreExpr} as score
      from search_documents d where d.seq = any(cast(${seqs} as integer[]))`.execute(this.db);
    return new Map(r.rows.map((x) => [x.seq, num(x.score)]));
  }
}
