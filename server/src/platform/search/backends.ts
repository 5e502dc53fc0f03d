import { sql } from 'kysely';
import type { DialectName, Executor } from '../db/connect.ts';
import {
  emptyFacets,
  facetsFromKeyCounts,
  filterKeys,
  monthKeys,
  SAMPLE_BUCKETS,
} from './facet-keys.ts';
import {
  type Candidate,
  compare,
  type KeyCounts,
  type Matcher,
  type Sort,
  sampleKeys,
} from './matcher.ts';
import { PostgresMatcher } from './postgres-matcher.ts';
import {
  fts5Expression,
  fts5RankExpression,
  HEAD_COLUMNS,
  tsqueryExpression,
  tsqueryRankExpression,
} from './query-text.ts';
import { rowidBucket, SqliteMatcher } from './sqlite-matcher.ts';
import type {
  BackendPage,
  MatchExpression,
  MatchedRow,
  PlainListStats,
  SearchBackend,
  SearchFilters,
} from './types.ts';

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
    hashMax: 2000,
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

/** The head matches of a match per length tier, estimated from those its sample saw. */
function headTiers(m: Measure): { tier: number; n: number }[] {
  const byTier = new Map<number, number>();
  for (const tier of m.keys.heads ?? []) byTier.set(tier, (byTier.get(tier) ?? 0) + 1 / m.share);
  return [...byTier].map(([tier, n]) => ({ tier, n })).sort((a, b) => a.tier - b.tier);
}

/** The highest length tier there is: 2^25 tokens. */
const MAX_TIER = 100;

/** A tier ending the rank window with more head matches than this many pages is read by month… */
const DENSE_TIER = 16;
/** …in at most this many months. */
const DENSE_MONTHS_MAX = 36;

/** The newest month a match can have (202512): the catalogue's, or a year filter's December. */
function newestMonth(latest: string, year?: number): string {
  const last = latest.slice(0, 7).replace('-', '');
  return year !== undefined && `${year}12` < last ? `${year}12` : last;
}

/** Newest first: the last months holding about this many times the page's end are read first. */
const MONTHS_MARGIN = 3;
/** Newest first reads at most this many months by key; a wider span walks the date index. */
const MONTHS_MAX = 240;

const COLUMNS = sql`d.type, d.entity_id as "entityId", d.title, d.excerpt, d.url, d.subtype, d.published_at as "publishedAt"`;

/** A plain list's condition: one type's documents, or every document. */
const ofType = (type: string | undefined) =>
  type === undefined ? sql`` : sql`where d.type = ${type}`;

/** The matches a counting pass read out (all of them, at share 1), unscored. */
const everyMatch = (keys: KeyCounts): Candidate[] =>
  (keys.sampled ?? []).map(({ bucket: _, ...c }) => ({ ...c, score: 0 }));

/** The match itself: every group, each compound whole (not its parts in any order). */
function strictOf(m: MatchExpression): MatchExpression {
  return {
    ...m,
    relaxed: false,
    split: false,
    groups: m.groups.map((g) => g.filter((w) => !w.includes(' '))),
  };
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
      else if (match?.relaxed || match?.split) {
        // Documents with every word (each compound whole) first, then those missing one word,
        // and so on up to the words this match may miss: each layer is few (the engine relaxes,
        // splits and goes a layer deeper only then).
        const layers = [strictOf(match)];
        for (let k = 1; match.relaxed && k < (match.missing ?? 1); k++)
          layers.push({ ...match, missing: k });
        const placed = new Map<number, Candidate>();
        for (const [missing, layer] of layers.entries()) {
          const found = (await make(layer).dated()).filter((c) => !placed.has(c.seq));
          const scores = await matcher.scores(found.map((c) => c.seq));
          for (const c of found)
            placed.set(c.seq, { ...c, score: scores.get(c.seq) ?? c.score, missing });
        }
        candidates = [
          ...placed.values(),
          // A relaxed match has no rank keys (any word may be the one missing).
          ...(await this.byScore(matcher, measure, end + placed.size, {})).filter(
            (c) => !placed.has(c.seq),
          ),
        ];
      } else {
        // Rank keys a tier needs: one per word and synonym, two for a name in pinyin.
        const perTier = (match?.groups.flat().length ?? 0) + (match?.pinyin ? 2 : 0);
        candidates = await this.byScore(matcher, measure, end, {
          tiered: true,
          perTier,
          // A pinyin query's rank keys are prefixes (24_wang*): its tiers are read as before.
          headSampled: !match?.pinyin && !!match?.groups.length,
          year: filters.year,
        });
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
    const estimate = first ? (first.n * SAMPLE_BUCKETS) / t.firstBuckets : Number.POSITIVE_INFINITY;
    if (estimate <= t.hashMax) {
      // Up to a few thousand (PostgreSQL): one pass counts it all and reads a hashed sample — all
      // of it when the estimate is small (one bucket tells little), so a small match is read
      // whole in the same pass.
      const to =
        estimate <= 2 * t.sample
          ? SAMPLE_BUCKETS
          : Math.ceil((SAMPLE_BUCKETS * t.sample) / Math.max(estimate, t.sample));
      const sample = await matcher.keyCounts(0, to, true);
      const total = sample.total ?? sample.n;
      const share = to / SAMPLE_BUCKETS;
      // All of it read: its members are in hand (newest first needs no second read).
      const keys = share === 1 ? { ...sample, members: everyMatch(sample) } : sample;
      if (total > t.exactMax || share === 1) return { total, totalExact: true, keys, share };
      // Far fewer than the first bucket promised, and only sampled: read whole below.
    }
    const dense = first !== null && estimate > t.exactMax && estimate > t.hashMax;
    const small = dense ? { count: null } : await matcher.small(t.exactMax, t.countMax);
    if ('counts' in small) return { total: small.n, totalExact: true, keys: small, share: 1 };
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
    {
      tiered = false,
      perTier = 1,
      headSampled = false,
      year,
    }: { tiered?: boolean; perTier?: number; headSampled?: boolean; year?: number },
  ): Promise<Candidate[]> {
    if (m.share === 1 && m.total <= this.tuning.rankAllMax)
      return matcher.best(end, m.keys.members ? { members: m.keys.members } : {});
    // Where the sample tells its head matches (PostgreSQL), their own tiers: a broad word's head
    // is a fraction of its matches, and an estimate from all of them stops short.
    const headSeen = m.keys.heads && headSampled ? headTiers(m) : null;
    if (tiered && headSeen?.length === 0) {
      // The sample saw no head match: the head is rare, read it whole.
      const rare = await matcher.best(end, { head: true, byTier: true });
      return rare.length >= end ? rare : this.afterHead(matcher, m, end, rare);
    }
    const prefix = this.dialect === 'sqlite' ? 'n_' : 'm_';
    const tiers =
      headSeen ??
      [...m.keys.counts]
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, n]) => ({ tier: Number(k.slice(2)), n: n / m.share }))
        .sort((a, b) => a.tier - b.tier);
    // From tier 0: the shortest documents may be too few for the sample to have seen one.
    const from = 0;
    // Every tier: the rank keys then hold the whole head, up to well past (×8) the longest
    // document the sample saw. On PostgreSQL always (the head's own lists mean a heap visit a
    // match); on SQLite while the list of keys stays short. Never a hundred tiers: ORed, their
    // keys look to PostgreSQL's planner like most of the table (a sequential scan).
    const top = Math.min(MAX_TIER, (tiers.at(-1)?.tier ?? 0) + 12);
    // With the head's tiers known, past them the rest of the head is small: read it whole.
    const everyTier = !headSeen && (this.tuning.rankEveryTier || (top + 1) * perTier <= 160);
    let tried = -1;
    let thin = false;
    for (
      let target = headSeen ? end * 4 : Math.max(this.tuning.tierTarget, end * 4);
      tiered;
      target *= 4
    ) {
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
      if (headSeen && !every && last.n > end * DENSE_TIER) {
        // One crowded tier of the head ends the window (many titles of that length): its newest
        // months only, after the few shorter ones in full.
        const found = await this.denseTier(matcher, m, end, from, last, year);
        if (found) return found;
      }
      const found = await matcher.best(end, {
        tiers: { from, to: every ? top : last.tier },
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

  /**
   * The head's shortest tiers in full, then from the crowded tier `last` the newest months that
   * hold a few times the rest of the page; null when those hold too few (the caller reads the
   * whole window).
   */
  private async denseTier(
    matcher: Matcher,
    m: Measure,
    end: number,
    from: number,
    last: { tier: number; n: number },
    year?: number,
  ): Promise<Candidate[] | null> {
    const shorter =
      last.tier > from ? await matcher.best(end, { tiers: { from, to: last.tier - 1 } }) : [];
    if (shorter.length >= end) return shorter;
    const need = end - shorter.length;
    const latest = await matcher.latest();
    if (!latest) return null;
    // The sample's months, newest first, until they hold the share of the tier wanted.
    const months = [...m.keys.counts]
      .filter(([k]) => k.startsWith('d_'))
      .sort(([a], [b]) => (a < b ? 1 : -1));
    const wanted = (need * MONTHS_MARGIN * 2) / last.n;
    let share = 0;
    const reached = months.find(([, n]) => {
      share += n / m.keys.n;
      return share >= wanted;
    });
    if (!reached) return null;
    const newest = newestMonth(latest, year);
    const keys = monthKeys(reached[0].slice(2), newest);
    // Many months ORed cost more than the tier's own lists.
    if (keys.length > DENSE_MONTHS_MAX) return null;
    const recent = await matcher.best(need, {
      tiers: { from: last.tier, to: last.tier },
      any: keys,
    });
    return recent.length >= need ? [...shorter, ...recent] : null;
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
    // than merging bucket key lists) — in hand when the counting pass read its sample — a larger
    // one by bucket keys.
    const sample = m.keys.sampled
      ? m.keys.sampled
          .filter((c) => c.bucket < buckets)
          .map(({ bucket: _, ...c }) => c)
          .sort(compare('relevance'))
          .slice(0, end + head.length)
      : await matcher.best(end + head.length, {
          byTier: true,
          ...(m.totalExact && m.total <= 5000
            ? { hashed: buckets }
            : { any: sampleKeys(0, buckets) }),
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
    const newest = newestMonth(latest, year);
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

  async newest(
    db: Executor,
    type: string | undefined,
    limit: number,
    offset: number,
  ): Promise<MatchedRow[]> {
    // Newest first, undated last, the latest indexed first on one date (compare('date')): the
    // order of the index (type, published_at, seq) read backwards — SQLite keeps the rowid (seq)
    // at the end of every index entry; PostgreSQL has search_documents_type_newest (0048) and,
    // with no type, search_documents_newest.
    const order =
      this.dialect === 'sqlite'
        ? sql`order by d.published_at desc, d.seq desc`
        : sql`order by d.published_at desc nulls last, d.seq desc`;
    const found = await sql<MatchedRow & { seq: number }>`select d.seq, ${COLUMNS}
      from search_documents d ${ofType(type)} ${order} limit ${limit} offset ${offset}`.execute(db);
    return found.rows.map(({ seq: _, ...row }) => ({ ...row, score: 0 }));
  }

  async plainStats(db: Executor, type: string | undefined): Promise<PlainListStats> {
    // Counted on the type's index: exact on both databases.
    const counted = await sql<{ n: number }>`select count(*) as n from search_documents d
      ${ofType(type)}`.execute(db);
    const total = Number(counted.rows[0]?.n ?? 0);
    if (total === 0) return { total: 0, facets: emptyFacets(), facetsApproximate: false };
    // Facets over every document of a small list, else over a hashed sample of a few times the
    // search path's (this is counted once per change of the index, not once per request).
    const t = this.tuning;
    let to = SAMPLE_BUCKETS;
    if (total > t.exactMax) to = Math.ceil((SAMPLE_BUCKETS * t.sample * 4) / total);
    if (to > SAMPLE_BUCKETS / 2) to = SAMPLE_BUCKETS;
    const keys = await this.matcher(db, { type })(null).keyCounts(0, to);
    return {
      total,
      facets: facetsFromKeyCounts(keys.counts, keys.n ? total / keys.n : 0),
      facetsApproximate: to < SAMPLE_BUCKETS,
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

/** The dialect's back end; `tuning` lowers its limits (tests take the large-set paths with it). */
export function backendFor(dialect: DialectName, tuning: Partial<Tuning> = {}): SearchBackend {
  return new SqlSearchBackend(dialect, tuning);
}
