import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/connect.ts';
import {
  type Candidate,
  compare,
  type KeyCounts,
  keyCountsOf,
  keysBeside,
  latestDate,
  type Matcher,
  membersOf,
  type Narrow,
  num,
  sampleKeys,
  TIE_MARGIN,
} from './matcher.ts';
import { fts5Quote, type Tiers } from './query-text.ts';

/** SQLite's matcher: FTS5 (external content) with the covering index for dates and keys. */

/**
 * FTS5 relevance, lower is better: bm25 weights title, body, name keys, tags (facet keys none).
 * Called by name rather than through the rank column: FTS5 sorts `ORDER BY rank` by itself,
 * materializing every match, which is slower than SQLite's bounded sort.
 */
const BM25 = sql`bm25(search_fts, 10.0, 1.0, 6.0, 4.0, 0.0, 0.0)`;

/** A document's sample bucket on SQLite from its rowid (a multiplicative hash), 0–255. */
export const HASH = (seq: RawBuilder<unknown>) => sql`((${seq} * 2654435761) >> 16) % 256`;
/** The same bucket in JS (equal to SQL's up to rowids of three million; a fixed hash beyond). */
export const rowidBucket = (seq: number) => Math.floor((seq * 2654435761) / 65536) % 256;

/** SQLite walks the date index in windows of the catalogue up to this size, then by the match. */
const NEWEST_WINDOW_MAX = 100_000;

export class SqliteMatcher implements Matcher {
  private readonly expr: string | null;
  private readonly ranked: boolean;
  constructor(
    private readonly db: Executor,
    private readonly words: string | null,
    private readonly keys: string[],
    /** The words in the head columns only (title, name keys, tags). */
    private readonly headWords: string | null = null,
    /** The rank keys of the words up to a length tier. */
    private readonly rankWords: (tiers: Tiers) => string | null = () => null,
  ) {
    this.ranked = words !== null;
    this.expr = this.expression();
  }

  private expression(narrow: Narrow = {}): string | null {
    const quote = fts5Quote;
    const rank = narrow.tiers ? this.rankWords(narrow.tiers) : null;
    const words = rank ? null : narrow.head ? this.headWords : this.words;
    const parts = words ? [`(${words})`] : [];
    if (rank) parts.push(`(rank_keys : ${rank.startsWith('(') ? rank : `(${rank})`})`);
    const keys = keysBeside(this.keys, narrow.any);
    if (keys.length) parts.push(`facet_keys : (${keys.map(quote).join(' AND ')})`);
    if (narrow.any?.length) parts.push(`facet_keys : (${narrow.any.map(quote).join(' OR ')})`);
    return parts.length ? parts.join(' AND ') : null;
  }

  /** A sample's keys from the covering index, never from the wide rows. */
  private async keysOf(expr: string | null): Promise<KeyCounts> {
    const r = expr
      ? await sql<{
          n: number;
          k: string | null;
        }>`select count(*) as n, group_concat(c.facet_keys, ' ') as k
          from (select rowid as seq from search_fts where search_fts match ${expr}) f
          join search_documents c indexed by search_documents_cover on c.seq = f.seq`.execute(
          this.db,
        )
      : await sql<{
          n: number;
          k: string | null;
        }>`select count(*) as n, group_concat(c.facet_keys, ' ') as k
          from search_documents c indexed by search_documents_cover`.execute(this.db);
    return keyCountsOf(r.rows[0]);
  }

  async small(max: number, countMax: number) {
    // One pass hands over the rowids of up to countMax + 1 matches: a small match is then read
    // whole from the covering index, a moderate one counted and sampled from the same list, and
    // the match is not evaluated again but to rank it.
    const cap = Math.max(max, countMax) + 1;
    // One string, not a row object per match.
    const list = (
      this.expr
        ? await sql<{ s: string | null }>`select group_concat(seq) as s
            from (select rowid as seq from search_fts where search_fts match ${this.expr} limit ${cap})`.execute(
            this.db,
          )
        : await sql<{ s: string | null }>`select group_concat(seq) as s
            from (select seq from search_documents limit ${cap})`.execute(this.db)
    ).rows[0]?.s;
    const seqs = list ? list.split(',').map(Number) : [];
    if (seqs.length >= cap) return { count: null };
    if (seqs.length > max) return { count: seqs.length, seqs };
    if (seqs.length === 0) return membersOf([]);
    // seq, date and facets of each member, a line each in one string.
    const r = await sql<{
      s: string | null;
    }>`select group_concat(c.seq || ' ' || ifnull(c.published_at, '-') || ' ' ||
        substr(c.facet_keys, 1, instr(c.facet_keys, ' b_')), char(10)) as s
      from search_documents c indexed by search_documents_cover
      where c.seq in (select value from json_each(${JSON.stringify(seqs)}))`.execute(this.db);
    return membersOf(
      (r.rows[0]?.s ?? '').split('\n').map((line) => {
        const [seq, date, ...keys] = line.split(' ');
        return { seq: Number(seq), publishedAt: date === '-' ? null : date!, k: keys.join(' ') };
      }),
    );
  }

  async keysFor(seqs: number[]) {
    const r = await sql<{
      n: number;
      k: string | null;
    }>`select count(*) as n, group_concat(c.facet_keys, ' ') as k
      from search_documents c indexed by search_documents_cover
      where c.seq in (select value from json_each(${JSON.stringify(seqs)}))`.execute(this.db);
    return keyCountsOf(r.rows[0]);
  }

  async keyCounts(from: number, to: number) {
    // By bucket keys only: a counted match is sampled from the rowids `small` handed over.
    return this.keysOf(this.expression({ any: sampleKeys(from, to) }));
  }

  async best(n: number, narrow: Narrow = {}): Promise<Candidate[]> {
    const expr = this.expression(narrow);
    if (!expr || !this.ranked) return (await this.dated()).slice(0, n);
    // A sample by rowid hash, tested on the rowid FTS5 hands over.
    const sampled = (rowid: RawBuilder<unknown>) =>
      narrow.hashed === undefined ? sql`` : sql`and ${HASH(rowid)} < ${narrow.hashed}`;
    if (narrow.tiers || narrow.byTier) {
      // By length tier (the n_ key), then newest: no bm25, whose set-up reads the whole doclist
      // of every phrase in the query (its idf), filter keys included.
      return (
        await sql<Candidate>`select f.seq, cast(substr(c.facet_keys, instr(c.facet_keys, ' n_') + 3, 3) as integer) as score,
            c.published_at as "publishedAt"
          from (select rowid as seq from search_fts where search_fts match ${expr} ${sampled(sql`rowid`)}) f
          join search_documents c indexed by search_documents_cover on c.seq = f.seq
          order by score, c.published_at desc nulls last, f.seq limit ${n}`.execute(this.db)
      ).rows;
    }
    if (narrow.members && this.keys.length) {
      // A small filtered match, read whole: scored by its words alone (the same bm25: the keys
      // weigh 0), so the idf set-up never reads the long doclist of a key such as s_GEOLOGY.
      const scores = await this.scores(narrow.members.map((c) => c.seq));
      return narrow.members
        .map((c) => ({ ...c, score: scores.get(c.seq) ?? 0 }))
        .sort(compare('relevance'))
        .slice(0, n);
    }
    // A few more than the page: a tie at the n-th place usually ends among them.
    const fetch = n + TIE_MARGIN;
    const top = (
      await sql<Candidate>`select m.seq, m.score, c.published_at as "publishedAt"
        from (select rowid as seq, ${BM25} as score from search_fts where search_fts match ${expr} ${sampled(sql`rowid`)} order by score limit ${fetch}) m
        join search_documents c indexed by search_documents_cover on c.seq = m.seq`.execute(this.db)
    ).rows.sort((a, b) => a.score - b.score);
    const tie = top[n - 1]?.score;
    if (top.length < fetch || tie === undefined || top.at(-1)!.score !== tie)
      return top.filter((c, i) => i < n || c.score === tie);
    // The tie runs past what was read: every document with that score competes on date.
    const tied =
      await sql<Candidate>`select f.rowid as seq, ${BM25} as score, c.published_at as "publishedAt"
      from search_fts f join search_documents c indexed by search_documents_cover on c.seq = f.rowid
      where search_fts match ${expr} ${sampled(sql`f.rowid`)} and ${BM25} = ${tie}`.execute(
        this.db,
      );
    return [...top.filter((c) => c.score < tie), ...tied.rows];
  }

  async dated(any?: string[]) {
    const expr = this.expression({ any });
    // seq and date of each match in one string: a row object each costs more than the read.
    const pair = sql`c.seq || ' ' || ifnull(c.published_at, '-')`;
    const r = expr
      ? await sql<{ s: string | null }>`select group_concat(${pair}) as s
          from (select rowid as seq from search_fts where search_fts match ${expr}) f
          join search_documents c indexed by search_documents_cover on c.seq = f.seq`.execute(
          this.db,
        )
      : await sql<{ s: string | null }>`select group_concat(${pair}) as s
          from search_documents c indexed by search_documents_cover`.execute(this.db);
    const list = r.rows[0]?.s;
    if (!list) return [];
    return list.split(',').map((p): Candidate => {
      const [seq, date] = p.split(' ');
      return { seq: Number(seq), score: 0, publishedAt: date === '-' ? null : date! };
    });
  }

  latest() {
    return latestDate(this.db);
  }

  private get inMatch() {
    return this.expr
      ? sql`seq in (select rowid from search_fts where search_fts match ${this.expr})`
      : sql`1 = 1`;
  }

  /**
   * Newest first, the first `end` matches and every match tied with the last on date: the
   * catalogue's newest documents in growing windows (the date index), each window checked
   * against the match in one pass over the index. Reading every match's date instead costs a
   * row each, and `IN (matches)` builds a table of them; a window of a few thousand does not.
   */
  async newest(end: number, total: number): Promise<Candidate[] | null> {
    if (!this.expr) return null;
    const max = await sql<{ n: number | null }>`select max(seq) as n from search_documents`.execute(
      this.db,
    );
    const size = Math.max(1, num(max.rows[0]?.n ?? 1));
    // Twice the expected window; taken to a whole date, so a tie on the last date is all read.
    const window = Math.ceil(((end * size) / total) * 2) + 200;
    if (window > NEWEST_WINDOW_MAX) return null;
    const from = await sql<{ publishedAt: string | null }>`select published_at as "publishedAt"
      from search_documents indexed by search_documents_published
      order by published_at desc nulls last limit 1 offset ${window - 1}`.execute(this.db);
    const date = from.rows[0]?.publishedAt;
    if (!date) return null;
    const docs = (
      await sql<{ seq: number; publishedAt: string }>`select seq, published_at as "publishedAt"
        from search_documents indexed by search_documents_published where published_at >= ${date}`.execute(
        this.db,
      )
    ).rows;
    const scores = await this.scores(
      docs.map((d) => d.seq),
      true,
    );
    const members = docs.flatMap((d) => {
      const score = scores.get(d.seq);
      return score === undefined ? [] : [{ ...d, score }];
    });
    // Too few in the window (an unlucky spread): walk the match instead.
    return members.length >= end ? members : null;
  }

  async nthDate(n: number) {
    const r = await sql<{ publishedAt: string | null }>`select published_at as "publishedAt"
      from search_documents indexed by search_documents_published where ${this.inMatch}
      order by published_at desc nulls last limit 1 offset ${n - 1}`.execute(this.db);
    return r.rows.length ? r.rows[0]!.publishedAt : undefined;
  }

  async since(date: string) {
    return (
      await sql<Candidate>`select seq, 0 as score, published_at as "publishedAt"
        from search_documents indexed by search_documents_published
        where published_at >= ${date} and ${this.inMatch}`.execute(this.db)
    ).rows;
  }

  /** The scores of these matches (`all`: also when unranked, as 0, to tell which match). */
  async scores(seqs: number[], all = false) {
    // `+rowid`: one pass over the matches; handing FTS5 each rowid re-runs the whole match per id.
    if (!this.expr || (!this.ranked && !all) || seqs.length === 0) return new Map<number, number>();
    // Known matches are scored by their words alone; `all` (which of these match?) needs the keys.
    const expr = all || !this.words ? this.expr : `(${this.words})`;
    const r = await sql<{
      seq: number;
      score: number;
    }>`select f.rowid as seq, ${this.ranked ? BM25 : sql`0`} as score
      from search_fts f where search_fts match ${expr} and +f.rowid in (select value from json_each(${JSON.stringify(seqs)}))`.execute(
      this.db,
    );
    return new Map(r.rows.map((x) => [x.seq, x.score]));
  }
}
