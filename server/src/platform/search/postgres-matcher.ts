import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/connect.ts';
import { SAMPLE_BUCKETS } from './facet-keys.ts';
import {
  type Candidate,
  type KeyCounts,
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

/**
 * A sample's key counts and the length tiers of its head matches (backends.ts) from one line per
 * sampled document — `seq bucket date head<TAB>facet keys`, head `h` when its title or names hold
 * the words — joined by newlines in one string (a row per document costs far more). With
 * `hashed`, the documents themselves too, scored by their length tier (the m_ key).
 */
function sampleOf(text: string | null, hashed: boolean): KeyCounts {
  const counts = new Map<string, number>();
  const heads: number[] = [];
  const sampled: NonNullable<KeyCounts['sampled']> = [];
  let n = 0;
  // Scanned in place (a split per line and per key list costs several times as much).
  for (let at = 0; text && at < text.length; n++) {
    const tab = text.indexOf('\t', at);
    let end = text.indexOf('\n', tab);
    if (end < 0) end = text.length;
    for (let k = tab + 1; k < end; ) {
      let space = text.indexOf(' ', k);
      if (space < 0 || space > end) space = end;
      // Sample bucket keys (b_, h_) are never counted.
      const c = text.charCodeAt(k);
      if (space > k && !((c === 98 || c === 104) && text.charCodeAt(k + 1) === 95)) {
        const key = text.slice(k, space);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      k = space + 1;
    }
    const at2 = text.indexOf(' m_', tab);
    const tier = at2 < 0 || at2 > end ? 0 : Number.parseInt(text.slice(at2 + 3, at2 + 6), 10);
    if (text.charCodeAt(tab - 1) === 104) heads.push(tier);
    if (hashed) {
      const s1 = text.indexOf(' ', at);
      const s2 = text.indexOf(' ', s1 + 1);
      const date = text.slice(s2 + 1, tab - 2);
      sampled.push({
        seq: Number(text.slice(at, s1)),
        bucket: Number(text.slice(s1 + 1, s2)),
        score: tier,
        publishedAt: date === '-' ? null : date,
      });
    }
    at = end + 1;
  }
  return { counts, n, heads, ...(hashed ? { sampled } : {}) };
}

export class PostgresMatcher implements Matcher {
  private readonly where: RawBuilder<unknown>;
  private readonly scoreExpr: RawBuilder<unknown>;
  /** A sampled document's line (sampleOf). */
  private readonly sampleLine: RawBuilder<unknown>;
  constructor(
    private readonly db: Executor,
    private readonly words: string | null,
    private readonly keys: string[],
    private readonly rankWords: (tiers: Tiers) => string | null = () => null,
  ) {
    this.where = this.conditions();
    const head = words ? sql`d.head_tsv @@ cast(${words} as tsquery)` : sql`false`;
    this.sampleLine = sql`d.seq || ' ' || ${PG_HASH} || ' ' || coalesce(d.published_at, '-') || case when ${head} then ' h' else ' -' end || chr(9) || d.facet_keys`;
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
      // Every match is visited (and counted); only the sampled ones are read out. For a match of
      // a few thousand this is cheaper than a GIN scan with many bucket keys ORed.
      const all = from <= 0 && to >= SAMPLE_BUCKETS;
      const inSample = all ? sql`` : sql`filter (where ${PG_HASH} between ${from} and ${to - 1})`;
      const r = await sql<{ total: number; s: string | null }>`select count(*) as total,
          string_agg(${this.sampleLine}, chr(10)) ${inSample} as s
        from search_documents d where ${this.where}`.execute(this.db);
      return { ...sampleOf(r.rows[0]?.s ?? null, true), total: num(r.rows[0]?.total ?? 0) };
    }
    const r = await sql<{ s: string | null }>`select string_agg(${this.sampleLine}, chr(10)) as s
      from search_documents d where ${this.conditions({ any: sampleKeys(from, to) })}`.execute(
      this.db,
    );
    return sampleOf(r.rows[0]?.s ?? null, false);
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
