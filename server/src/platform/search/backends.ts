import { type RawBuilder, sql } from 'kysely';
import type { DialectName, Executor } from '../db/connect.ts';
import {
  bucketKeys,
  countKeys,
  emptyFacets,
  facetsFromKeyCounts,
  filterKeys,
  monthKeys,
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
const BM25 = sql`bm25(search_fts, 10.0, 1.0, 6.0, 4.0, 0.0, 0.0)`;

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

/**
 * The rank keys of a match's head words in length tiers `from` to `to` (24_化石 OR 25_化石 …),
 * each group ANDed, a pinyin prefix per tier (24_lisi*); null for a relaxed match. `or`, `and`,
 * `quote` and `prefix` are the dialect's.
 */
function rankExpression(
  m: MatchExpression,
  { from, to }: Tiers,
  syntax: { and: string; or: string; quote: (t: string) => string; prefix: (t: string) => string },
): string | null {
  if (m.relaxed) return null;
  const tiers = Array.from({ length: to - from + 1 }, (_, t) => from + t);
  const any = (list: string[]) => (list.length === 1 ? list[0]! : `(${list.join(syntax.or)})`);
  const parts: string[] = [];
  if (m.groups.length)
    parts.push(
      `(${m.groups.map((g) => any(tiers.flatMap((t) => g.map((w) => syntax.quote(`${t}_${w}`))))).join(syntax.and)})`,
    );
  if (m.pinyin) {
    const py = m.pinyin;
    const inTier = (t: number) => {
      const joined = syntax.prefix(`${t}_${py.join('')}`);
      return py.length === 1
        ? joined
        : `(${joined}${syntax.or}(${py.map((w) => syntax.prefix(`${t}_${w}`)).join(syntax.and)}))`;
    };
    parts.push(any(tiers.map(inTier)));
  }
  return parts.length ? parts.join(syntax.or) : null;
}

const fts5Quote = (t: string) => `"${t.replaceAll('"', '""')}"`;
const tsQuote = (t: string) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/** A range of length tiers, both included. */
interface Tiers {
  from: number;
  to: number;
}

export function fts5RankExpression(m: MatchExpression, tiers: Tiers): string | null {
  return rankExpression(m, tiers, {
    and: ' AND ',
    or: ' OR ',
    quote: fts5Quote,
    prefix: (t) => `${fts5Quote(t)} *`,
  });
}

export function tsqueryRankExpression(m: MatchExpression, tiers: Tiers): string | null {
  return rankExpression(m, tiers, {
    and: ' & ',
    or: ' | ',
    quote: tsQuote,
    prefix: (t) => `${tsQuote(t)}:*`,
  });
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
 * How a query is answered (docs/ARCHITECTURE.md, "Search"): the work is bounded by a sample,
 * never by the number of matches. A small match is read whole: exact count, facets and ranking.
 * A large one is measured on a hashed sample (the first sample buckets, keys in the index itself),
 * counted exactly only where the index counts without reading rows (SQLite), ranked from its
 * shortest head matches up (length tiers) and, newest first, read from its last months only.
 */
const TUNING: Record<DialectName, Tuning> = {
  sqlite: {
    /** At most this many matches are read whole: exact count, facets and scores. */
    exactMax: 800,
    /** Beyond, the facets are counted over a sample of about this many matches… */
    sample: 400,
    /** …and the total is counted exactly in the index up to about this many (FTS5 doclists). */
    countMax: 5000,
    /** The first sample read holds this many buckets (of 256)… */
    firstBuckets: 2,
    /** …and comes before reading a small match whole. */
    probeFirst: false,
    /** A match up to about this many is sampled by a hash of the seq while counted (PostgreSQL). */
    hashMax: 0,
    /** The rank keys of every tier are tried before the whole head is read (PostgreSQL). */
    rankEveryTier: false,
    /** Relevance scores every match up to this many; beyond, the head tiers. */
    rankAllMax: 400,
    /** The shortest tiers holding at least this many matches are ranked first. */
    tierTarget: 100,
  },
  postgres: {
    // Every match read costs a heap visit (~5–10 µs): the limits are lower.
    exactMax: 300,
    sample: 400,
    countMax: 0,
    firstBuckets: 1,
    probeFirst: true,
    hashMax: 1500,
    rankEveryTier: true,
    // ts_rank reads the whole tsvector (out of line, decompressed) of each match it scores.
    rankAllMax: 150,
    tierTarget: 100,
  },
} as const;
/** The limits of answering one query (see TUNING). */
export interface Tuning {
  exactMax: number;
  sample: number;
  countMax: number;
  firstBuckets: number;
  probeFirst: boolean;
  hashMax: number;
  rankAllMax: number;
  tierTarget: number;
  rankEveryTier: boolean;
}

/** The highest length tier there is: 2^25 tokens. */
const MAX_TIER = 100;

/** Extra matches read past a page, so a tie at its last place can be settled without a rescan. */
const TIE_MARGIN = 40;
/** Newest first: the last months holding about this many times the page's end are read first. */
const MONTHS_MARGIN = 3;
/** Newest first reads at most this many months by key; a wider span walks the date index. */
const MONTHS_MAX = 240;

/** A match in the making of a page: its place in the order is decided by these. */
interface Candidate {
  seq: number;
  score: number;
  publishedAt: string | null;
  /** Has every word of a relaxed query: before all that do not. */
  strict?: boolean;
  /** A head match where the rest of the page came from a sample: before the sample. */
  lead?: boolean;
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
  // Newest first, and on one date the latest indexed first: no score is needed to sort by date.
  return sort === 'date'
    ? (a: Candidate, b: Candidate) => date(a, b) || b.seq - a.seq
    : (a: Candidate, b: Candidate) =>
        Number(!!b.strict) - Number(!!a.strict) ||
        Number(!!b.lead) - Number(!!a.lead) ||
        a.score - b.score ||
        date(a, b) ||
        a.seq - b.seq;
}

/** Key counts over a set of matches: all of them, or those in a sample of the buckets. */
interface KeyCounts {
  counts: Map<string, number>;
  n: number;
  /** The whole match's size, when the pass that sampled it also counted it (PostgreSQL). */
  total?: number;
  /** Every match with its date, when a small match was read whole. */
  members?: Candidate[];
}

/** A small match read whole: its members, their facet keys counted. */
function membersOf(rows: { seq: number; publishedAt: string | null; k: string }[]): KeyCounts {
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
interface Narrow {
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
interface Matcher {
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
async function latestDate(db: Executor): Promise<string | null> {
  const r = await sql<{
    d: string | null;
  }>`select max(published_at) as d from search_documents`.execute(db);
  return r.rows[0]?.d ?? null;
}

const num = (v: unknown) => Number(v);

/**
 * The filter keys still needed beside these `any` keys: a year is left out when every month
 * named is in it (each key ANDed into a match is one more long list to merge).
 */
function keysBeside(keys: string[], any?: string[]): string[] {
  if (!any?.length) return keys;
  return keys.filter(
    (k) => !(k.startsWith('y_') && any.every((a) => a.startsWith(`d_${k.slice(2)}`))),
  );
}

/** The keys of sample buckets `from` to `to`; none (no narrowing) for all of them. */
const sampleKeys = (from: number, to: number) =>
  from <= 0 && to >= SAMPLE_BUCKETS ? undefined : bucketKeys(from, to);

const COLUMNS = sql`d.type, d.entity_id as "entityId", d.title, d.excerpt, d.url, d.subtype, d.published_at as "publishedAt"`;

/** One string of every document's keys, counted in JS: a row per document costs far more. */
function keyCountsOf(row: { n: unknown; k: string | null } | undefined): KeyCounts {
  return { counts: countKeys([row?.k ?? '']), n: num(row?.n ?? 0) };
}

class SqliteMatcher implements Matcher {
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
    const quote = (k: string) => `"${k.replaceAll('"', '""')}"`;
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
    const sampledSeq =
      narrow.hashed === undefined ? sql`` : sql`and ${HASH(sql`rowid`)} < ${narrow.hashed}`;
    if (narrow.tiers || narrow.byTier) {
      // By length tier (the n_ key), then newest: no bm25, whose set-up reads the whole doclist
      // of every phrase in the query (its idf), filter keys included.
      return (
        await sql<Candidate>`select f.seq, cast(substr(c.facet_keys, instr(c.facet_keys, ' n_') + 3, 3) as integer) as score,
            c.published_at as "publishedAt"
          from (select rowid as seq from search_fts where search_fts match ${expr} ${sampledSeq}) f
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
    const sampled = (rowid: RawBuilder<unknown>) =>
      narrow.hashed === undefined ? sql`` : sql`and ${HASH(rowid)} < ${narrow.hashed}`;
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

/** A document's sample bucket on SQLite from its rowid (a multiplicative hash), 0–255. */
const HASH = (seq: RawBuilder<unknown>) => sql`((${seq} * 2654435761) >> 16) % 256`;
/** The same bucket in JS (equal to SQL's up to rowids of three million; a fixed hash beyond). */
const rowidBucket = (seq: number) => Math.floor((seq * 2654435761) / 65536) % 256;

/** SQLite walks the date index in windows of the catalogue up to this size, then by the match. */
const NEWEST_WINDOW_MAX = 100_000;

/** The words and the keys of a document, as its GIN indexes hold them (migration 0010). */
const PG_MATCH = sql`(d.tsv || array_to_tsvector(string_to_array(d.facet_keys, ' ')))`;
const PG_HEAD = sql`(d.head_tsv || array_to_tsvector(string_to_array(d.facet_keys, ' ')))`;
/** A document's sample bucket on PostgreSQL from its seq (the built-in integer hash), 0–255. */
const PG_HASH = sql`(hashint4(d.seq) & 255)`;
const PG_RANK = sql`array_to_tsvector(array_remove(string_to_array(d.facet_keys || ' ' || d.rank_keys, ' '), ''))`;

class PostgresMatcher implements Matcher {
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
      const r = await sql<{ total: number; n: number; k: string | null }>`select count(*) as total,
          count(*) filter (where ${inSample}) as n, string_agg(d.facet_keys, ' ') filter (where ${inSample}) as k
        from search_documents d where ${this.where}`.execute(this.db);
      return { ...keyCountsOf(r.rows[0]), total: num(r.rows[0]?.total ?? 0) };
    }
    const r = await sql<{
      n: number;
      k: string | null;
    }>`select count(*) as n, string_agg(d.facet_keys, ' ') as k
      from search_documents d where ${this.conditions({ any: sampleKeys(from, to) })}`.execute(
      this.db,
    );
    return keyCountsOf(r.rows[0]);
  }

  async best(n: number, narrow: Narrow = {}) {
    // The head is ranked by title and names alone (weights A and B); rank keys by length tier
    // (the m_ key), then newest.
    const score =
      narrow.tiers || narrow.byTier
        ? sql`cast(substring(d.facet_keys from ' m_([0-9]+)') as integer)`
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

/** What is known of a match before its page is read. */
interface Measure {
  total: number;
  totalExact: boolean;
  /** Key counts over every match (`share` 1) or over a sample holding `share` of them. */
  keys: KeyCounts;
  share: number;
}

class SqlSearchBackend implements SearchBackend {
  private readonly tuning: Tuning;
  constructor(
    private readonly dialect: DialectName,
    tuning: Partial<Tuning> = {},
  ) {
    this.tuning = { ...TUNING[dialect], ...tuning };
  }

  private matcher(db: Executor, filters: SearchFilters) {
    const keys = filterKeys(filters);
    if (this.dialect === 'sqlite')
      return (m: MatchExpression | null) =>
        new SqliteMatcher(
          db,
          m ? fts5Expression(m) : null,
          keys,
          m ? fts5Expression(m, HEAD_COLUMNS) : null,
          (tiers) => (m ? fts5RankExpression(m, tiers) : null),
        );
    return (m: MatchExpression | null) =>
      new PostgresMatcher(db, m ? tsqueryExpression(m) : null, keys, (tiers) =>
        m ? tsqueryRankExpression(m, tiers) : null,
      );
  }

  search(
    db: Executor,
    match: MatchExpression | null,
    filters: SearchFilters,
    sort: Sort,
    limit: number,
    offset: number,
  ): Promise<BackendPage> {
    // No transaction around the statements (PostgreSQL): count, facets and page may see two
    // snapshots — a write between them moves a count by one — and each round trip saved is a
    // tenth of a millisecond or more. The planner settings for these index-driven reads
    // (random_page_cost 1.1, no JIT) are the connection's own (platform/db/connect.ts).
    return this.answer(db, match, filters, sort, limit, offset);
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
    const measure = await this.measure(matcher);
    if (measure.total === 0) return none;
    const { total, totalExact, keys, share } = measure;
    const end = offset + limit;
    let candidates: Candidate[] = [];
    if (offset < total || !totalExact) {
      if (sort === 'date') candidates = await this.byDate(matcher, measure, end, filters.year);
      else if (match?.relaxed) {
        // Documents with every word first: they are few (the engine relaxes only then).
        const strict = await make({ ...match, relaxed: false }).dated();
        const scores = await matcher.scores(strict.map((c) => c.seq));
        const strictSeqs = new Set(strict.map((c) => c.seq));
        candidates = [
          ...strict.map((c) => ({ ...c, score: scores.get(c.seq) ?? c.score, strict: true })),
          // A relaxed match has no rank keys (any word may be the one missing).
          ...(await this.byScore(matcher, measure, end + strict.length, false)).filter(
            (c) => !strictSeqs.has(c.seq),
          ),
        ];
      } else {
        // Rank keys a tier needs: one per word and synonym, two for a name in pinyin.
        const perTier = (match?.groups.flat().length ?? 0) + (match?.pinyin ? 2 : 0);
        candidates = await this.byScore(matcher, measure, end, true, perTier);
      }
    }
    const page = candidates.sort(compare(sort)).slice(offset, end);
    return {
      rows: await this.rows(db, page),
      total,
      totalApproximate: !totalExact,
      facets: facetsFromKeyCounts(keys.counts, keys.n ? total / keys.n : 0),
      facetsApproximate: share < 1,
    };
  }

  /**
   * Count and facets: every match of a small set; else a sample of about `sample` matches, read
   * from the first buckets (a first read of a few tells the density, a second tops it up), the
   * total counted in the index where that is cheap (SQLite) or estimated from the sample.
   */
  private async measure(matcher: Matcher): Promise<Measure> {
    const t = this.tuning;
    // PostgreSQL looks at the first bucket first: reading a large match's first few hundred rows
    // only to learn that it is large costs more than the bucket.
    const first = t.probeFirst ? await matcher.keyCounts(0, t.firstBuckets) : null;
    const dense = first !== null && (first.n * SAMPLE_BUCKETS) / t.firstBuckets > t.exactMax * 2;
    const small = dense ? { count: null } : await matcher.small(t.exactMax, t.countMax);
    if ('counts' in small) return { total: small.n, totalExact: true, keys: small, share: 1 };
    const estimate = first ? (first.n * SAMPLE_BUCKETS) / t.firstBuckets : Number.POSITIVE_INFINITY;
    if (estimate <= t.hashMax) {
      // Moderate (PostgreSQL): one pass counts it all and reads the keys of a hashed sample.
      const to = Math.min(
        SAMPLE_BUCKETS,
        Math.ceil((SAMPLE_BUCKETS * t.sample) / Math.max(estimate, t.sample)),
      );
      const keys = await matcher.keyCounts(0, to, true);
      return { total: keys.total ?? keys.n, totalExact: true, keys, share: to / SAMPLE_BUCKETS };
    }
    if (small.count !== null) {
      // Counted: one sample of the right size (or all of it, when that is most of it).
      let to = Math.min(SAMPLE_BUCKETS, Math.ceil((SAMPLE_BUCKETS * t.sample) / small.count));
      if (to > SAMPLE_BUCKETS / 2) to = SAMPLE_BUCKETS;
      const keys =
        small.seqs && matcher.keysFor
          ? await matcher.keysFor(small.seqs.filter((seq) => rowidBucket(seq) < to))
          : await matcher.keyCounts(0, to, true);
      return {
        total: small.count,
        totalExact: true,
        keys,
        share: to / SAMPLE_BUCKETS,
      };
    }
    let to: number = t.firstBuckets;
    let keys = first ?? (await matcher.keyCounts(0, to));
    while (keys.n < t.sample / 2 && to < SAMPLE_BUCKETS) {
      const want = keys.n === 0 ? to * 16 : Math.ceil((to * t.sample) / keys.n);
      let next = Math.min(SAMPLE_BUCKETS, Math.max(want, to * 2));
      // Whole groups of 16 read again from bucket 0: two keys in the index scan, not seventeen.
      if (next > 24) next = Math.min(SAMPLE_BUCKETS, Math.ceil(next / 16) * 16);
      keys = await matcher.keyCounts(0, next);
      to = next;
    }
    const share = to / SAMPLE_BUCKETS;
    if (share === 1) return { total: keys.n, totalExact: true, keys, share };
    return {
      total: Math.max(Math.round(keys.n / share), t.exactMax + 1),
      totalExact: false,
      keys,
      share,
    };
  }

  /**
   * Relevance: every match of a small set is scored (bm25, ts_rank). A large one is ranked from
   * its head matches — the words in title, names (or tags, SQLite): they lead the full ranking
   * anyway, weights 10/6/4 against the body's 1, A/B against D — shortest document first (length
   * tier), then newest: the rank keys of the tiers up to the one where the sample counts a few
   * times the page (from tier 0), then four times as many, … For a
   * word found once, bm25 and ts_rank too put a shorter document first; scoring every match
   * instead costs a row each and, on SQLite, bm25's idf reads every word's whole doclist. When
   * the head holds too few, the rest of the page comes from a sample, ranked in full.
   */
  private async byScore(
    matcher: Matcher,
    m: Measure,
    end: number,
    tiered: boolean,
    perTier = 1,
  ): Promise<Candidate[]> {
    if (m.share === 1 && m.total <= this.tuning.rankAllMax)
      return matcher.best(end, m.keys.members ? { members: m.keys.members } : {});
    const prefix = this.dialect === 'sqlite' ? 'n_' : 'm_';
    const tiers = [...m.keys.counts]
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, n]) => ({ tier: Number(k.slice(2)), n: n / m.share }))
      .sort((a, b) => a.tier - b.tier);
    // From tier 0: the shortest documents may be too few for the sample to have seen one.
    const from = 0;
    // Every tier: the rank keys then hold the whole head. On PostgreSQL always (the head's own
    // lists mean a heap visit a match); on SQLite while the list of keys stays short, up to
    // well past (×8) the longest document the sample saw.
    const top = Math.min(MAX_TIER, (tiers.at(-1)?.tier ?? 0) + 12);
    const everyTier = this.tuning.rankEveryTier || (top + 1) * perTier <= 160;
    let tried = -1;
    let thin = false;
    for (let target = Math.max(this.tuning.tierTarget, end * 4); tiered; target *= 4) {
      let sum = 0;
      const inTarget = thin
        ? undefined
        : tiers.find((t) => {
            sum += t.n;
            return sum >= target;
          });
      // Past the longest tier the sample saw: the whole head. On PostgreSQL the rank keys of
      // every tier first (each key's list is short; the head's means a heap visit a match).
      const last = inTarget ?? (everyTier ? tiers.at(-1) : undefined);
      if (!last || last.tier <= tried) break;
      const every = last === tiers.at(-1);
      if (every && !everyTier) break;
      const found = await matcher.best(end, {
        tiers: { from, to: every ? (this.tuning.rankEveryTier ? MAX_TIER : top) : last.tier },
      });
      if (found.length >= end || every) {
        if (found.length >= end) return found;
        return this.afterHead(matcher, m, end, found);
      }
      tried = last.tier;
      // Far too few among many: the head is thin in this match; go to the whole of it at once.
      thin = sum >= end * 40 && found.length < end / 4;
      if (thin && !everyTier) break;
    }
    // The whole head, in the same order (a rank key list that long would cost more than the
    // head columns' own lists).
    const head = await matcher.best(end, { head: true, byTier: true });
    return head.length >= end ? head : this.afterHead(matcher, m, end, head);
  }

  /** The head holds fewer than the page: the rest from a sample of the match, after the head. */
  private async afterHead(
    matcher: Matcher,
    m: Measure,
    end: number,
    head: Candidate[],
  ): Promise<Candidate[]> {
    if (m.total <= this.tuning.rankAllMax) return matcher.best(end);
    const inHead = new Set(head.map((c) => c.seq));
    // About ten candidates for each place on the page: the page after the head is approximate.
    const buckets = Math.min(
      m.share * SAMPLE_BUCKETS,
      Math.ceil((SAMPLE_BUCKETS * Math.max(end * 10, 100)) / m.total),
    );
    // A counted match of a few thousand is sampled by hash (handing every match over costs less
    // than merging bucket key lists); a larger one by bucket keys.
    const sample = await matcher.best(end + head.length, {
      byTier: true,
      ...(m.totalExact && m.total <= 5000 ? { hashed: buckets } : { any: sampleKeys(0, buckets) }),
    });
    // The head first (as strict matches are: it leads the full ranking), then the sample, each
    // by length tier and date.
    return [
      ...head.map((c) => ({ ...c, lead: true })),
      ...sample.filter((c) => !inHead.has(c.seq)),
    ];
  }

  /**
   * Newest first: every match of a small set; else the matches of the last months, as many
   * months as the sample says hold a few times the page (a month is whole, so a tie on the
   * page's last date is all read). When those hold too few, more months; past MONTHS_MAX
   * (undated documents, or dates spread over decades) the date index is walked instead.
   */
  private async byDate(
    matcher: Matcher,
    m: Measure,
    end: number,
    year?: number,
  ): Promise<Candidate[]> {
    if (m.keys.members) return m.keys.members;
    if (m.totalExact && m.total <= this.tuning.exactMax) return matcher.dated();
    return (await this.lastMonths(matcher, m, end, year)) ?? (await this.walk(matcher, m, end));
  }

  private async lastMonths(
    matcher: Matcher,
    m: Measure,
    end: number,
    year?: number,
  ): Promise<Candidate[] | null> {
    const months = [...m.keys.counts]
      .filter(([k]) => k.startsWith('d_'))
      .map(([k, n]) => ({ month: k.slice(2), n: n / m.share }))
      .sort((a, b) => (a.month < b.month ? 1 : -1));
    if (months.length === 0) return null;
    // The newest month of the match may be one the sample missed: start from the catalogue's.
    const latest = await matcher.latest();
    if (!latest) return null;
    // A year filter ends the months at its December.
    const last = latest.slice(0, 7).replace('-', '');
    const newest = year !== undefined && `${year}12` < last ? `${year}12` : last;
    for (let target = end * MONTHS_MARGIN + 20; ; target *= 4) {
      let sum = 0;
      const from =
        months.find((x) => {
          sum += x.n;
          return sum >= target;
        }) ?? months.at(-1)!;
      const keys = monthKeys(from.month, newest);
      if (keys.length > MONTHS_MAX) return null;
      const found = await matcher.dated(keys);
      if (found.length >= end) return found;
      if (from === months.at(-1)) return null;
    }
  }

  /** Newest first through the date index (SQLite: catalogue windows first). */
  private async walk(matcher: Matcher, m: Measure, end: number): Promise<Candidate[]> {
    if (matcher.newest) {
      const newest = await matcher.newest(end, m.total);
      if (newest) return newest;
    }
    const last = await matcher.nthDate(end);
    if (last === undefined || last === null) return matcher.dated();
    return matcher.since(last);
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

/** The dialect's back end; `tuning` lowers its limits (tests take the large-set paths with it). */
export function backendFor(dialect: DialectName, tuning: Partial<Tuning> = {}): SearchBackend {
  return new SqlSearchBackend(dialect, tuning);
}
