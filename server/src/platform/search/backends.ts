import { type RawBuilder, sql } from 'kysely';
import type { Db, DialectName, Executor } from '../db/connect.ts';
import {
  bucketKeys,
  countKeys,
  emptyFacets,
  facetsFromKeyCounts,
  filterKeys,
  SAMPLE_BUCKETS,
} from './facet-keys.ts';
import type {
  BackendPage,
  MatchExpression,
  MatchedRow,
  SearchBackend,
  SearchFilters,
} from './types.ts';

const TEXT_COLUMNS = 'title_tokens body_tokens name_keys tag_tokens';
/** The heavily weighted columns: a document with the words there leads the ranking. */
const HEAD_COLUMNS = 'title_tokens name_keys tag_tokens';
/**
 * FTS5 relevance, lower is better: bm25 weights title, body, name keys, tags (facet keys none).
 * Called by name rather than through the rank column: FTS5 sorts `ORDER BY rank` by itself,
 * materializing every match, which is slower than SQLite's bounded sort.
 */
const BM25 = sql`bm25(search_fts, 10.0, 1.0, 6.0, 4.0, 0.0)`;

/** Every way to leave one item out: the "all groups but one" alternatives of a relaxed match. */
function allButOne<T>(items: T[]): T[][] {
  return items.map((_, skip) => items.filter((__, i) => i !== skip));
}

/** Words of a match joined with the dialect's AND and OR: precise (all), or relaxed (all but one). */
function wordsExpression(
  words: string[],
  relaxed: boolean,
  and: string,
  or: string,
): string | null {
  const all = (ws: string[]) => (ws.length === 1 ? ws[0]! : `(${ws.join(and)})`);
  if (words.length === 0) return null;
  if (relaxed && words.length > 1) return `(${allButOne(words).map(all).join(or)})`;
  return all(words);
}

/** FTS5 query text: ("可燃冰" OR "天然气水合物") AND "开采", or a pinyin prefix on the name keys. */
export function fts5Expression(m: MatchExpression, columns = TEXT_COLUMNS): string | null {
  const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;
  const words = m.groups.map((g) =>
    g.length === 1 ? quote(g[0]!) : `(${g.map(quote).join(' OR ')})`,
  );
  const parts: string[] = [];
  const text = wordsExpression(words, !!m.relaxed, ' AND ', ' OR ');
  // Words are looked for in the text columns only, never among the facet keys.
  if (text) parts.push(`({${columns}} : ${text.startsWith('(') ? text : `(${text})`})`);
  if (m.pinyin) {
    const prefix = (w: string) => `name_keys : ${quote(w)} *`;
    const joined = prefix(m.pinyin.join(''));
    const each = `(${m.pinyin.map(prefix).join(' AND ')})`;
    parts.push(m.pinyin.length === 1 ? `(${joined})` : `(${joined} OR ${each})`);
  }
  return parts.length ? parts.join(' OR ') : null;
}

/** tsquery text: ('可燃冰' | '天然气水合物') & '开采', or a pinyin prefix restricted to weight B. */
export function tsqueryExpression(m: MatchExpression): string | null {
  const quote = (t: string) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
  const words = m.groups.map((g) =>
    g.length === 1 ? quote(g[0]!) : `(${g.map(quote).join(' | ')})`,
  );
  const parts: string[] = [];
  const text = wordsExpression(words, !!m.relaxed, ' & ', ' | ');
  if (text) parts.push(text);
  if (m.pinyin) {
    const prefix = (w: string) => `${quote(w)}:*B`;
    const joined = prefix(m.pinyin.join(''));
    const each = `(${m.pinyin.map(prefix).join(' & ')})`;
    parts.push(m.pinyin.length === 1 ? joined : `(${joined} | ${each})`);
  }
  return parts.length ? parts.join(' | ') : null;
}

/**
 * Facets are counted over every match up to this many (PostgreSQL: up to PG_EXACT_MAX, read with
 * the count); beyond, over a hashed sample of about…
 */
const FACET_EXACT_MAX = 3000;
/**
 * …this many matches, scaled up to the total and flagged approximate (a share of 10% is then
 * within about ±8% on SQLite). PostgreSQL reads a heap row per sampled document, so it samples
 * fewer.
 */
const FACET_SAMPLE = { sqlite: 1500, postgres: 800 };
/** Extra matches read past a page, so a tie at its last place can be settled without a rescan. */
const TIE_MARGIN = 40;
/** Sorting by date reads every match up to this many; beyond, it walks the date index. */
const DATE_READ_ALL_MAX = 2000;
/** SQLite walks the date index in windows of the catalogue up to this size, then by the match. */
const NEWEST_WINDOW_MAX = 100_000;
/**
 * PostgreSQL counts exactly up to this many matches (every match is a heap visit); beyond, the
 * total is estimated from the sample and flagged. Beyond it too, relevance ranks the documents
 * that have the words in their title or names (a GIN index of their own) before the rest.
 */
const PG_EXACT_MAX = 1000;
/** Relevance scores every match up to this many; beyond, it ranks the head matches first. */
const RANK_ALL_MAX = { sqlite: 5000, postgres: PG_EXACT_MAX };

/** A match in the making of a page: its place in the order is decided by these. */
interface Candidate {
  seq: number;
  score: number;
  publishedAt: string | null;
  strict?: boolean;
}

type Sort = 'relevance' | 'date';

function compare(sort: Sort) {
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
  return sort === 'date'
    ? (a: Candidate, b: Candidate) => date(a, b) || a.score - b.score || a.seq - b.seq
    : (a: Candidate, b: Candidate) =>
        Number(!!b.strict) - Number(!!a.strict) || a.score - b.score || date(a, b) || a.seq - b.seq;
}

/**
 * One dialect's way to answer a match (words and filters as index keys, or, with neither, every
 * document): count it, rank it, walk it by date, read a page of it, count its facet keys.
 */
interface Matcher {
  /** How many match: exact, or (PostgreSQL, large sets) only known to be more than `n`. */
  count(): Promise<{ n: number; exact: boolean }>;
  /**
   * The best `n` by score, and every match tied with the n-th (so the tie-break stays exact);
   * `large`: the match set is too large to score every match (PostgreSQL).
   */
  best(n: number, large: boolean): Promise<Candidate[]>;
  /** Every match, with score and date (for small sets). */
  all(): Promise<Candidate[]>;
  /** Newest first by its own means (SQLite), or null to walk with nthDate and since. */
  newest?(end: number, total: number): Promise<Candidate[] | null>;
  /** The date of the n-th match newest first (null: undated), undefined when there are fewer. */
  nthDate(n: number): Promise<string | null | undefined>;
  /** Every match dated `date` or later, with its score. */
  since(date: string): Promise<Candidate[]>;
  /** The scores of these matches. */
  scores(seqs: number[]): Promise<Map<number, number>>;
  /** Facet key counts over the matches, or over those in the first `buckets` sample buckets. */
  keyCounts(buckets: number | null): Promise<{ counts: Map<string, number>; n: number }>;
}

const num = (v: unknown) => Number(v);

const COLUMNS = sql`d.type, d.entity_id as "entityId", d.title, d.excerpt, d.url, d.subtype, d.published_at as "publishedAt"`;

class SqliteMatcher implements Matcher {
  private readonly expr: string | null;
  private readonly ranked: boolean;
  constructor(
    private readonly db: Executor,
    words: string | null,
    private readonly keys: string[],
    /** The words in the head columns only (title, name keys, tags). */
    private readonly headWords: string | null = null,
  ) {
    this.ranked = words !== null;
    this.expr = SqliteMatcher.expression(words, keys, null);
  }

  static expression(words: string | null, keys: string[], buckets: number | null): string | null {
    const quote = (k: string) => `"${k.replaceAll('"', '""')}"`;
    const parts = words ? [`(${words})`] : [];
    if (keys.length) parts.push(`facet_keys : (${keys.map(quote).join(' AND ')})`);
    if (buckets !== null)
      parts.push(`facet_keys : (${bucketKeys(buckets).map(quote).join(' OR ')})`);
    return parts.length ? parts.join(' AND ') : null;
  }

  private get score() {
    return this.ranked ? BM25 : sql`0`;
  }

  async count() {
    const r = this.expr
      ? await sql<{
          n: number;
        }>`select count(*) as n from search_fts where search_fts match ${this.expr}`.execute(
          this.db,
        )
      : await sql<{ n: number }>`select count(*) as n from search_documents`.execute(this.db);
    return { n: num(r.rows[0]?.n ?? 0), exact: true };
  }

  async best(n: number, large: boolean): Promise<Candidate[]> {
    if (large && this.headWords) {
      // Scoring every match of a large set costs a bm25 each: the documents with the words in
      // their title, names or tags (weights 10, 6, 4 against the body's 1) lead the ranking, so
      // when there are enough of them the page comes from those, ranked by those columns.
      const head = await new SqliteMatcher(this.db, this.headWords, this.keys).best(n, false);
      if (head.length >= n) return head;
    }
    if (!this.expr || !this.ranked) return (await this.all()).slice(0, n);
    // A few more than the page: a tie at the n-th place usually ends among them.
    const fetch = n + TIE_MARGIN;
    const top = (
      await sql<Candidate>`select m.seq, m.score, d.published_at as "publishedAt"
        from (select rowid as seq, ${BM25} as score from search_fts where search_fts match ${this.expr} order by score limit ${fetch}) m
        join search_documents d on d.seq = m.seq`.execute(this.db)
    ).rows.sort((a, b) => a.score - b.score);
    const tie = top[n - 1]?.score;
    if (top.length < fetch || tie === undefined || top.at(-1)!.score !== tie)
      return top.filter((c, i) => i < n || c.score === tie);
    // The tie runs past what was read: every document with that score competes on date.
    const tied =
      await sql<Candidate>`select f.rowid as seq, ${BM25} as score, d.published_at as "publishedAt"
      from search_fts f join search_documents d on d.seq = f.rowid
      where search_fts match ${this.expr} and ${BM25} = ${tie}`.execute(this.db);
    return [...top.filter((c) => c.score < tie), ...tied.rows];
  }

  async all() {
    const r = this.expr
      ? await sql<Candidate>`select f.rowid as seq, ${this.score} as score, d.published_at as "publishedAt"
          from search_fts f join search_documents d on d.seq = f.rowid where search_fts match ${this.expr}`.execute(
          this.db,
        )
      : await sql<Candidate>`select seq, 0 as score, published_at as "publishedAt" from search_documents`.execute(
          this.db,
        );
    return r.rows;
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
    const rows = (
      await sql<Candidate>`select seq, 0 as score, published_at as "publishedAt"
        from search_documents indexed by search_documents_published
        where published_at >= ${date} and ${this.inMatch}`.execute(this.db)
    ).rows;
    if (!this.ranked || rows.length === 0) return rows;
    const scores = await this.scores(rows.map((r) => r.seq));
    return rows.map((r) => ({ ...r, score: scores.get(r.seq) ?? 0 }));
  }

  /** The scores of these matches (`all`: also when unranked, as 0, to tell which match). */
  async scores(seqs: number[], all = false) {
    // `+rowid`: one pass over the matches; handing FTS5 each rowid re-runs the whole match per id.
    if (!this.expr || (!this.ranked && !all) || seqs.length === 0) return new Map<number, number>();
    const r = await sql<{
      seq: number;
      score: number;
    }>`select f.rowid as seq, ${this.score} as score
      from search_fts f where search_fts match ${this.expr} and +f.rowid in (select value from json_each(${JSON.stringify(seqs)}))`.execute(
      this.db,
    );
    return new Map(r.rows.map((x) => [x.seq, x.score]));
  }

  async keyCounts(buckets: number | null) {
    // The sample is taken on the rowid as FTS5 hands it over (a multiplicative hash of seq into
    // 256 buckets), so only sampled documents are read; bucket keys in the index would make FTS5
    // merge their long lists instead.
    const sampled = (seq: RawBuilder<unknown>) =>
      buckets === null ? sql`1 = 1` : sql`((${seq} * 2654435761) >> 16) % 256 < ${buckets}`;
    // One string of every document's keys: a row per document costs far more to hand over.
    const r = this.expr
      ? await sql<{
          n: number;
          k: string | null;
        }>`select count(*) as n, group_concat(d.facet_keys, ' ') as k
          from (select rowid as seq from search_fts where search_fts match ${this.expr}) f
          join search_documents d on d.seq = f.seq where ${sampled(sql`f.seq`)}`.execute(this.db)
      : await sql<{
          n: number;
          k: string | null;
        }>`select count(*) as n, group_concat(facet_keys, ' ') as k
          from search_documents where ${sampled(sql`seq`)}`.execute(this.db);
    const row = r.rows[0];
    return { counts: countKeys([row?.k ?? '']), n: num(row?.n ?? 0) };
  }
}

class PostgresMatcher implements Matcher {
  private readonly where: RawBuilder<unknown>;
  private readonly scoreExpr: RawBuilder<unknown>;
  constructor(
    private readonly db: Executor,
    private readonly words: string | null,
    private readonly keys: string[],
  ) {
    this.where = this.conditions(null);
    this.scoreExpr = words ? sql`-ts_rank(d.tsv, cast(${words} as tsquery), 1)` : sql`0`;
  }

  private conditions(buckets: number | null): RawBuilder<unknown> {
    const parts: RawBuilder<unknown>[] = [sql`true`];
    if (this.words) parts.push(sql`d.tsv @@ cast(${this.words} as tsquery)`);
    if (this.keys.length)
      parts.push(sql`string_to_array(d.facet_keys, ' ') @> cast(${this.keys} as text[])`);
    if (buckets !== null)
      parts.push(sql`string_to_array(d.facet_keys, ' ') && cast(${bucketKeys(buckets)} as text[])`);
    return sql.join(parts, sql` and `);
  }

  /** Facet key counts of a small match set, read together with its count. */
  private counted: { counts: Map<string, number>; n: number } | null = null;

  async count() {
    // One pass counts up to PG_EXACT_MAX + 1 matches and, for a set that small, its facets too.
    const r = await sql<{ k: string; n: number }>`select k, count(*) as n
      from (select d.facet_keys from search_documents d where ${this.where} limit ${PG_EXACT_MAX + 1}) s,
        unnest(string_to_array(s.facet_keys, ' ')) as k
      group by k`.execute(this.db);
    const counts = new Map(r.rows.map((x) => [x.k, num(x.n)]));
    const n = [...counts].reduce((sum, [k, c]) => (k.startsWith('k_') ? sum + c : sum), 0);
    if (n <= PG_EXACT_MAX) this.counted = { counts, n };
    return { n, exact: n <= PG_EXACT_MAX };
  }

  async best(n: number, large: boolean) {
    if (large && this.words) {
      // Title and name matches first, ranked by those fields: they lead the full ranking too
      // (weights A and B), and the GIN index of head_tsv finds them without reading the rest.
      const head = (
        await sql<Candidate>`select d.seq, -ts_rank(d.head_tsv, cast(${this.words} as tsquery), 1) as score, d.published_at as "publishedAt"
          from search_documents d where d.head_tsv @@ cast(${this.words} as tsquery) and ${this.where}
          order by score, d.published_at desc nulls last, d.seq limit ${n}`.execute(this.db)
      ).rows.map((r) => ({ ...r, score: num(r.score) }));
      if (head.length >= n) return head;
    }
    return (
      await sql<Candidate>`select d.seq, ${this.scoreExpr} as score, d.published_at as "publishedAt"
        from search_documents d where ${this.where}
        order by score, d.published_at desc nulls last, d.seq limit ${n}`.execute(this.db)
    ).rows.map((r) => ({ ...r, score: num(r.score) }));
  }

  async all() {
    return (
      await sql<Candidate>`select d.seq, ${this.scoreExpr} as score, d.published_at as "publishedAt"
        from search_documents d where ${this.where}`.execute(this.db)
    ).rows.map((r) => ({ ...r, score: num(r.score) }));
  }

  async nthDate(n: number) {
    const r = await sql<{ publishedAt: string | null }>`select d.published_at as "publishedAt"
      from search_documents d where ${this.where}
      order by d.published_at desc nulls last, d.seq limit 1 offset ${n - 1}`.execute(this.db);
    return r.rows.length ? r.rows[0]!.publishedAt : undefined;
  }

  async since(date: string) {
    return (
      await sql<Candidate>`select d.seq, ${this.scoreExpr} as score, d.published_at as "publishedAt"
        from search_documents d where d.published_at >= ${date} and ${this.where}`.execute(this.db)
    ).rows.map((r) => ({ ...r, score: num(r.score) }));
  }

  async scores(seqs: number[]) {
    if (!this.words || seqs.length === 0) return new Map<number, number>();
    const r = await sql<{ seq: number; score: number }>`select d.seq, ${this.scoreExpr} as score
      from search_documents d where d.seq = any(cast(${seqs} as integer[]))`.execute(this.db);
    return new Map(r.rows.map((x) => [x.seq, num(x.score)]));
  }

  async keyCounts(buckets: number | null) {
    if (buckets === null && this.counted) return this.counted;
    const r = await sql<{ k: string; n: number }>`select k, count(*) as n
      from search_documents d, unnest(string_to_array(d.facet_keys, ' ')) as k
      where ${this.conditions(buckets)} group by k`.execute(this.db);
    const counts = new Map(r.rows.map((x) => [x.k, num(x.n)]));
    const n = [...counts].reduce((s, [k, c]) => (k.startsWith('k_') ? s + c : s), 0);
    return { counts, n };
  }
}

class SqlSearchBackend implements SearchBackend {
  constructor(private readonly dialect: DialectName) {}

  private matcher(db: Executor, filters: SearchFilters) {
    const keys = filterKeys(filters);
    if (this.dialect === 'sqlite')
      return (m: MatchExpression | null) =>
        new SqliteMatcher(
          db,
          m ? fts5Expression(m) : null,
          keys,
          m ? fts5Expression(m, HEAD_COLUMNS) : null,
        );
    return (m: MatchExpression | null) =>
      new PostgresMatcher(db, m ? tsqueryExpression(m) : null, keys);
  }

  async search(
    db: Executor,
    match: MatchExpression | null,
    filters: SearchFilters,
    sort: Sort,
    limit: number,
    offset: number,
  ): Promise<BackendPage> {
    if (this.dialect === 'sqlite') return this.answer(db, match, filters, sort, limit, offset);
    // PostgreSQL: one snapshot for count, facets and page, and planner settings for index-driven
    // reads: pages are cached (a random read costs little more than a sequential one), and
    // these short queries are never worth JIT compilation.
    const run = async (tx: Executor) => {
      await sql`set local random_page_cost = 1.1`.execute(tx);
      await sql`set local jit = off`.execute(tx);
      return this.answer(tx, match, filters, sort, limit, offset);
    };
    return db.isTransaction ? run(db) : (db as Db).transaction().execute(run);
  }

  private async answer(
    db: Executor,
    match: MatchExpression | null,
    filters: SearchFilters,
    sort: Sort,
    limit: number,
    offset: number,
  ): Promise<BackendPage> {
    const none: BackendPage = {
      rows: [],
      total: 0,
      totalApproximate: false,
      facets: emptyFacets(),
      facetsApproximate: false,
    };
    const make = this.matcher(db, filters);
    if (match && !(this.dialect === 'sqlite' ? fts5Expression(match) : tsqueryExpression(match)))
      return none;
    const matcher = make(match);
    const counted = await matcher.count();
    if (counted.n === 0) return none;
    const { facets, approximate, total } = await this.facets(matcher, counted);
    const large = !counted.exact || counted.n > RANK_ALL_MAX[this.dialect];
    const end = offset + limit;
    let candidates: Candidate[] = [];
    if (offset < total || !counted.exact) {
      if (sort === 'date')
        candidates = await this.byDate(
          matcher,
          counted.exact ? total : null,
          offset,
          counted.exact ? Math.min(end, total) : end,
        );
      else if (match?.relaxed) {
        // Documents with every word first: they are few (the engine relaxes only then).
        const strict = await make({ ...match, relaxed: false }).all();
        const scores = await matcher.scores(strict.map((c) => c.seq));
        const strictSeqs = new Set(strict.map((c) => c.seq));
        candidates = [
          ...strict.map((c) => ({ ...c, score: scores.get(c.seq) ?? c.score, strict: true })),
          ...(await matcher.best(end + strict.length, large)).filter((c) => !strictSeqs.has(c.seq)),
        ];
      } else candidates = await matcher.best(end, large);
    }
    const page = candidates.sort(compare(sort)).slice(offset, end);
    return {
      rows: await this.rows(db, page),
      total,
      // Estimated only when the count was capped and the facets came from a sample.
      totalApproximate: !counted.exact && approximate,
      facets,
      facetsApproximate: approximate,
    };
  }

  /** Newest first: every match of a small set, else the date index down to the page's last date. */
  private async byDate(
    matcher: Matcher,
    total: number | null,
    offset: number,
    end: number,
  ): Promise<Candidate[]> {
    if (total !== null && total <= DATE_READ_ALL_MAX) return matcher.all();
    if (total !== null && matcher.newest) {
      const newest = await matcher.newest(end, total);
      if (newest) return newest;
    }
    const last = await matcher.nthDate(end);
    if (last === undefined) {
      // The page runs past the last match (an estimated total): nothing, or the tail.
      if ((await matcher.nthDate(offset + 1)) === undefined) return [];
      return matcher.all();
    }
    if (last === null) return matcher.all();
    return matcher.since(last);
  }

  /**
   * Facets over every match when that is cheap; else over the first sample buckets, about
   * FACET_SAMPLE documents, scaled by the sample's share (and, when the count was capped, the
   * total estimated from the same sample).
   */
  private async facets(matcher: Matcher, counted: { n: number; exact: boolean }) {
    const exact = async () => {
      const all = await matcher.keyCounts(null);
      return { facets: facetsFromKeyCounts(all.counts), approximate: false, total: all.n };
    };
    const sampleSize = FACET_SAMPLE[this.dialect];
    if (counted.exact && counted.n <= FACET_EXACT_MAX)
      return { ...(await exact()), total: counted.n };
    let buckets = counted.exact ? Math.ceil((SAMPLE_BUCKETS * sampleSize) / counted.n) : 4;
    let sample = await matcher.keyCounts(Math.min(buckets, SAMPLE_BUCKETS));
    if (!counted.exact && sample.n < sampleSize / 2 && buckets < SAMPLE_BUCKETS) {
      // A first small sample told the size; the second is about FACET_SAMPLE documents.
      buckets = Math.ceil((buckets * sampleSize) / Math.max(sample.n, 1));
      if (buckets < SAMPLE_BUCKETS) sample = await matcher.keyCounts(buckets);
    }
    if (buckets >= SAMPLE_BUCKETS) return exact();
    const total = counted.exact ? counted.n : Math.round((sample.n * SAMPLE_BUCKETS) / buckets);
    return {
      facets: facetsFromKeyCounts(sample.counts, sample.n ? total / sample.n : 0),
      approximate: true,
      total: Math.max(total, counted.n),
    };
  }

  private async rows(db: Executor, page: Candidate[]): Promise<MatchedRow[]> {
    if (page.length === 0) return [];
    const seqs = page.map((c) => c.seq);
    const list =
      this.dialect === 'sqlite'
        ? sql`(select value from json_each(${JSON.stringify(seqs)}))`
        : sql`(select unnest(cast(${seqs} as integer[])))`;
    const found = await sql<MatchedRow & { seq: number }>`select seq, ${COLUMNS}
      from search_documents d where d.seq in ${list}`.execute(db);
    const bySeq = new Map(found.rows.map((r) => [r.seq, r]));
    return page.flatMap((c) => {
      const r = bySeq.get(c.seq);
      if (!r) return [];
      const { seq: _, ...row } = r;
      return [{ ...row, score: c.score }];
    });
  }
}

export function backendFor(dialect: DialectName): SearchBackend {
  return new SqlSearchBackend(dialect);
}
