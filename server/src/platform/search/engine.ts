import { sql } from 'kysely';
import type { Db, DialectName, Executor } from '../db/connect.ts';
import { newId, nowIso } from '../ids.ts';
import { AnalysisPool, defaultThreads } from './analysis-pool.ts';
import { Analyzer, type Range, type Vocabulary } from './analyzer.ts';
import { backendFor, type Tuning } from './backends.ts';
import { emptyFacets } from './facet-keys.ts';
import { type IndexRow, indexRowOf } from './index-rows.ts';
import { PinyinLexicon } from './lexicon.ts';
import { combinations } from './query-text.ts';
import {
  type BackendPage,
  FACETS,
  type MatchExpression,
  type PlainListStats,
  type SearchBackend,
  type SearchDocument,
  type SearchHit,
  type SearchParams,
  type SearchResult,
  type SearchTypeDefinition,
} from './types.ts';

const TYPES = new Map<string, SearchTypeDefinition>();

/** Modules register their searchable types at import time (like their policies). */
export function defineSearchType(def: SearchTypeDefinition): void {
  if (TYPES.has(def.type)) throw new Error(`search type ${def.type} defined twice`);
  TYPES.set(def.type, def);
}

export function searchTypes(): string[] {
  return [...TYPES.keys()];
}

const VOCABULARY_VERSION_KEY = 'search.vocabularyVersion';
const VOCABULARY_CHECK_MS = 5_000;
/** Rows a statement. */
const INSERT_CHUNK = 200;
/** From this many documents on, bulk writes analyse on worker threads (starting them takes ~0.5 s). */
const BULK_THREADED_MIN = 2_000;
const REINDEX_PAGE = 1_000;
/** A reindex keeps rows written this long before it started (clocks of nodes differ a little). */
const REINDEX_CLOCK_MARGIN_MS = 60_000;
const SNIPPET_LENGTH = 120;
const LOG_FLUSH_MS = 2_000;
const LOG_FLUSH_SIZE = 100;
/** Fewer precise matches than this (a page) bring in documents that miss one word. */
const RELAX_BELOW = 10;
/** A relaxed match keeps the words in at most this many ways (ORed alternatives). */
const RELAX_ALTERNATIVES_MAX = 40;
/** The pinyin lexicon counts the title words of at most this many of the newest documents… */
const LEXICON_DOCS = 20_000;
/** …and is read again after this long (documents indexed by this process are added at once). */
const LEXICON_REFRESH_MS = 10 * 60_000;
/** PostgreSQL: a plain list's count is taken again after this long (other nodes' writes). */
const PLAIN_STATS_TTL_MS = 2_000;

/**
 * Answers kept, newest used last: a question asked again (a theme day's word, the home page's
 * links, a reader paging back) is answered from memory while the index is unchanged. Bounded by
 * count (an answer is a page of at most 50 hits and its facets: ~25 KB at most).
 */
const ANSWERS_KEPT = 500;
/** An answer is kept at most this long on SQLite (data_version tells every other commit). */
const ANSWER_MAX_AGE_MS = 30_000;

/** The state of the index something was read in: this process's writes, another's, the time. */
interface Stamp {
  generation: number;
  marker: number | null;
  at: number;
}

/**
 * Whether what was read at `kept` still holds at `now`: no write by this process since, no commit
 * by another (SQLite's data_version) and at most `maxAgeMs` old; on PostgreSQL, where another
 * node's writes leave no marker, at most PLAIN_STATS_TTL_MS old.
 */
function stillHolds(kept: Stamp, now: Stamp, maxAgeMs = Number.POSITIVE_INFINITY): boolean {
  return (
    kept.generation === now.generation &&
    kept.marker === now.marker &&
    now.at - kept.at < (now.marker === null ? PLAIN_STATS_TTL_MS : maxAgeMs)
  );
}

interface CachedAnswer extends Stamp {
  analyzer: Analyzer;
  value: Promise<Answer>;
}

/** A search's answer, and the words the query log keeps for it. */
interface Answer {
  result: SearchResult;
  normalized: string;
}

interface CachedStats extends Stamp {
  value: Promise<PlainListStats>;
}

/** No words and no filter but the type: a plain list, newest first (the library). */
function isPlainList(p: SearchParams): boolean {
  return (
    p.workType === undefined &&
    p.sector === undefined &&
    p.topic === undefined &&
    p.audience === undefined &&
    p.region === undefined &&
    p.year === undefined &&
    p.current === undefined
  );
}

interface LoggedQuery {
  id: string;
  at: string;
  q: string;
  normalized: string;
  type: string | null;
  results: number;
}

/** The vocabulary as stored (search_terms), active rows only. */
export async function loadVocabulary(db: Executor): Promise<Vocabulary> {
  const rows = await db
    .selectFrom('searchTerms')
    .select(['kind', 'term', 'members'])
    .where('active', '=', 1)
    .execute();
  return {
    words: rows.filter((r) => r.kind === 'WORD').map((r) => r.term),
    synonyms: rows
      .filter((r) => r.kind === 'SYNONYM')
      .map((r) => JSON.parse(r.members) as string[]),
    narrower: rows
      .filter((r) => r.kind === 'NARROWER')
      .map((r): [string, string[]] => [r.term, JSON.parse(r.members) as string[]]),
  };
}

/**
 * The documents a reader can open: every search result links to a page that exists, so one
 * without a page (an organisation: its public face is the base it hosts, found by its name) is
 * never indexed.
 */
const withPage = (docs: SearchDocument[]) => docs.filter((d) => !!d.url);

/** Cuts `excerpt` to a window around the first highlight, moving the ranges with it. */
function snippetOf(text: string, ranges: Range[]): { snippet: string; ranges: Range[] } {
  if (text.length <= SNIPPET_LENGTH) return { snippet: text, ranges };
  const first = ranges[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - 20, text.length - SNIPPET_LENGTH));
  const end = start + SNIPPET_LENGTH;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  return {
    snippet: prefix + text.slice(start, end) + suffix,
    ranges: ranges
      .filter(([s, e]) => s >= start && e <= end)
      .map(([s, e]): Range => [s + shift, e + shift]),
  };
}

/**
 * The search core for one database: analyzer (rebuilt when the vocabulary changes), indexing
 * inside the caller's transaction, querying with facets and highlights, and the query log.
 */
export class SearchEngine {
  private analyzerCache: { analyzer: Analyzer; version: string; checkedAt: number } | null = null;
  private readonly backend: SearchBackend;
  private pendingLog: LoggedQuery[] = [];
  private lexiconCache: { lexicon: PinyinLexicon; analyzer: Analyzer; builtAt: number } | null =
    null;
  private lexiconBuild: Promise<PinyinLexicon> | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  /** Moves on every write to the index by this process (plain lists' totals are counted again). */
  private indexGeneration = 0;
  private readonly plainStats = new Map<string, CachedStats>();
  private readonly answers = new Map<string, CachedAnswer>();

  constructor(
    private readonly db: Db,
    readonly dialect: DialectName,
    /** Lower limits for the back end: tests use them to take the large-set paths. */
    tuning: Partial<Tuning> = {},
    /** How many answers are kept (0: every question searched afresh — what a profile measures). */
    private readonly answersKept = ANSWERS_KEPT,
  ) {
    this.backend = backendFor(dialect, tuning);
  }

  /**
   * The current analyzer; checks the vocabulary version at most every few seconds. Inside a
   * transaction pass it: SQLite has one connection, so reading through the pool would wait forever.
   */
  async analyzer(db: Executor = this.db): Promise<Analyzer> {
    const now = Date.now();
    const cached = this.analyzerCache;
    if (cached && now - cached.checkedAt < VOCABULARY_CHECK_MS) return cached.analyzer;
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', VOCABULARY_VERSION_KEY)
      .executeTakeFirst();
    const version = row?.value ?? '0';
    if (cached && cached.version === version) {
      cached.checkedAt = now;
      return cached.analyzer;
    }
    const analyzer = new Analyzer(await loadVocabulary(db));
    this.analyzerCache = { analyzer, version, checkedAt: now };
    return analyzer;
  }

  /** Marks the vocabulary changed (in the caller's transaction): every node rebuilds its analyzer. */
  async bumpVocabulary(tx: Executor): Promise<void> {
    const value = newId();
    const at = nowIso();
    await tx
      .insertInto('settings')
      .values({ key: VOCABULARY_VERSION_KEY, value, updatedAt: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: at }))
      .execute();
    this.analyzerCache = null;
  }

  /**
   * Indexes the current public state of these entities (or removes them), in `tx`; returns how
   * many are indexed.
   */
  async index(tx: Executor, type: string, ids: string[]): Promise<number> {
    const def = TYPES.get(type);
    if (!def) throw new Error(`unknown search type ${type}`);
    if (ids.length === 0) return 0;
    // Only what a reader can open is indexed: a document without a page is treated as gone.
    const docs = withPage(await def.load(tx, ids));
    const found = new Set(docs.map((d) => d.id));
    const gone = ids.filter((id) => !found.has(id));
    if (gone.length) {
      await tx
        .deleteFrom('searchDocuments')
        .where(
          'docKey',
          'in',
          gone.map((id) => `${type}:${id}`),
        )
        .execute();
      this.indexChanged();
    }
    if (docs.length) await this.write(tx, docs);
    return docs.length;
  }

  /** Writes documents as given (modules use index(); imports and tests may feed documents directly). */
  async write(tx: Executor, all: SearchDocument[]): Promise<void> {
    const docs = withPage(all);
    const pageless = all.filter((d) => !d.url).map((d) => `${d.type}:${d.id}`);
    if (pageless.length) {
      await tx.deleteFrom('searchDocuments').where('docKey', 'in', pageless).execute();
      this.indexChanged();
    }
    const analyzer = await this.analyzer(tx);
    const at = nowIso();
    // Segmenting the next chunk overlaps the database writing this one (PostgreSQL works in its
    // own process; SQLite's driver is synchronous, so there it simply alternates).
    let pending: Promise<unknown> | null = null;
    for (let i = 0; i < docs.length; i += INSERT_CHUNK) {
      const rows = docs
        .slice(i, i + INSERT_CHUNK)
        .map((d) => indexRowOf(analyzer, this.dialect, d, at));
      if (pending) await pending;
      pending = this.insertRows(tx, rows);
      // Awaited below; until then a failure must not count as unhandled.
      pending.catch(() => undefined);
      // Let the insert reach the database before the next chunk's segmentation takes the thread.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await pending;
  }

  /**
   * Writes many documents inside `tx`: `fn` hands batches to `add`. From BULK_THREADED_MIN
   * documents on (`expected`), rows are made on worker threads while this thread writes the
   * batches before (an import: analysis is most of its CPU time). Every batch is written when
   * bulk returns; a failed batch fails `add` or bulk, and the caller's transaction with it.
   */
  async bulk<T>(
    tx: Executor,
    fn: (add: (docs: SearchDocument[]) => Promise<void>) => Promise<T>,
    options: { expected?: number; threads?: number } = {},
  ): Promise<T> {
    const threads =
      options.threads ?? ((options.expected ?? 0) < BULK_THREADED_MIN ? 0 : defaultThreads());
    if (threads === 0) return fn((docs) => this.write(tx, docs));
    const pool = new AnalysisPool((await this.analyzer(tx)).vocabulary, this.dialect, threads);
    const writer = pool.writer((rows) => this.insertRows(tx, rows));
    try {
      const result = await fn((docs) => writer.add(withPage(docs)));
      await writer.done();
      return result;
    } finally {
      // Nothing may reach the transaction after the caller commits or rolls back.
      await writer.done().catch(() => undefined);
      await pool.close();
    }
  }

  /**
   * Writes a stream of document batches, each in its own transaction, analysing the next batches
   * on worker threads while one is written (documents fed directly: benchmark catalogues).
   * Returns the count.
   */
  async writeBatches(
    batches: AsyncIterable<SearchDocument[]> | Iterable<SearchDocument[]>,
    threads = defaultThreads(),
  ): Promise<number> {
    let count = 0;
    if (threads === 0) {
      for await (const docs of batches) {
        await this.db.transaction().execute((tx) => this.write(tx, docs));
        count += withPage(docs).length;
      }
      return count;
    }
    const pool = new AnalysisPool((await this.analyzer()).vocabulary, this.dialect, threads);
    const writer = pool.writer(async (rows) => {
      await this.db.transaction().execute((tx) => this.insertRows(tx, rows));
      count += rows.length;
    });
    try {
      for await (const docs of batches) await writer.add(withPage(docs));
      await writer.done();
    } finally {
      await writer.done().catch(() => undefined);
      await pool.close();
    }
    return count;
  }

  /** Inserts or replaces rows, a few hundred a statement. */
  private async insertRows(tx: Executor, rows: IndexRow[]): Promise<void> {
    // Words of new titles are found by pinyin at once (a rolled-back write leaves a word that
    // finds nothing: harmless, and gone at the next refresh).
    const lexicon = this.lexiconCache?.lexicon;
    if (lexicon) for (const row of rows) for (const w of row.titleTokens.split(' ')) lexicon.add(w);
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx
        .insertInto('searchDocuments')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) =>
          oc.column('docKey').doUpdateSet((eb) => ({
            title: eb.ref('excluded.title'),
            excerpt: eb.ref('excluded.excerpt'),
            url: eb.ref('excluded.url'),
            subtype: eb.ref('excluded.subtype'),
            publishedAt: eb.ref('excluded.publishedAt'),
            year: eb.ref('excluded.year'),
            region: eb.ref('excluded.region'),
            sectors: eb.ref('excluded.sectors'),
            topics: eb.ref('excluded.topics'),
            audiences: eb.ref('excluded.audiences'),
            titleTokens: eb.ref('excluded.titleTokens'),
            bodyTokens: eb.ref('excluded.bodyTokens'),
            nameKeys: eb.ref('excluded.nameKeys'),
            tagTokens: eb.ref('excluded.tagTokens'),
            facetKeys: eb.ref('excluded.facetKeys'),
            rankKeys: eb.ref('excluded.rankKeys'),
            updatedAt: eb.ref('excluded.updatedAt'),
          })),
        )
        .execute();
    }
    this.indexChanged();
  }

  /**
   * Rebuilds the index of one type (or all) from the modules' loaders; returns documents indexed.
   * Each page is loaded and written in one transaction, so an entity edited meanwhile is never
   * indexed in its older state (why reindexing analyses here, not on the bulk threads). Rows are
   * rewritten in place, so search answers throughout; a row no page rewrote (an entity no longer
   * public) goes at the end. `signal` stops it between pages (a background job out of time).
   */
  async reindex(type?: string, signal?: AbortSignal): Promise<number> {
    const defs = type
      ? [TYPES.get(type)].filter((d): d is SearchTypeDefinition => !!d)
      : [...TYPES.values()];
    this.analyzerCache = null;
    // Rows written since a little before the start are kept: another node's clock may be behind.
    const before = nowIso(Date.now() - REINDEX_CLOCK_MARGIN_MS);
    let count = 0;
    for (const def of defs) {
      let after: string | null = null;
      for (;;) {
        signal?.throwIfAborted();
        const ids = await def.listIds(this.db, after, REINDEX_PAGE);
        if (ids.length === 0) break;
        await this.db.transaction().execute(async (tx) => {
          count += await this.index(tx, def.type, ids);
        });
        after = ids.at(-1)!;
      }
      await this.db
        .deleteFrom('searchDocuments')
        .where('type', '=', def.type)
        .where('updatedAt', '<', before)
        .execute();
      this.indexChanged();
    }
    return count;
  }

  /**
   * The pinyin lexicon of this analyzer: its dictionary terms and the words of the newest
   * documents' titles, counted; built on first use, read again in the background when old.
   */
  async pinyinLexicon(analyzer: Analyzer): Promise<PinyinLexicon> {
    const cached = this.lexiconCache;
    const fresh = cached?.analyzer === analyzer;
    if (cached && fresh && Date.now() - cached.builtAt < LEXICON_REFRESH_MS) return cached.lexicon;
    if (!this.lexiconBuild) {
      this.lexiconBuild = this.buildLexicon(analyzer).finally(() => {
        this.lexiconBuild = null;
      });
    }
    // An old lexicon of the same vocabulary answers while the new one is read.
    return cached && fresh ? cached.lexicon : this.lexiconBuild;
  }

  private async buildLexicon(analyzer: Analyzer): Promise<PinyinLexicon> {
    const lexicon = new PinyinLexicon();
    for (const term of analyzer.terms()) lexicon.add(term, 0, true);
    const rows = await this.db
      .selectFrom('searchDocuments')
      .select('titleTokens')
      .orderBy('seq', 'desc')
      .limit(LEXICON_DOCS)
      .execute();
    for (const r of rows) for (const w of r.titleTokens.split(' ')) lexicon.add(w);
    this.lexiconCache = { lexicon, analyzer, builtAt: Date.now() };
    return lexicon;
  }

  /** The analyzed form of a query, as the index sees it (a pinyin query read as words too). */
  async analyze(q: string): Promise<MatchExpression | null> {
    const analyzer = await this.analyzer();
    if (!q.trim()) return null;
    const groups = analyzer.queryGroups(q);
    const pinyin = analyzer.pinyinQuery(q);
    const words = pinyin ? (await this.pinyinLexicon(analyzer)).lookup(pinyin) : null;
    if (!words) return { groups, pinyin };
    // The letters stay an alternative where they line up with the words (an English word).
    const literal = (i: number) => (words.length === groups.length ? groups[i]! : []);
    return {
      groups: words.map((ws, i) => [...new Set([...literal(i), ...analyzer.expand(ws)])]),
      pinyin,
      pinyinWords: words,
    };
  }

  /** The match with each compound also as its parts in any order, or null when none splits. */
  private splitCompounds(analyzer: Analyzer, match: MatchExpression): MatchExpression | null {
    let split = false;
    const groups = match.groups.map((g) => {
      const parts = g.flatMap((w) => analyzer.compoundParts(w)?.join(' ') ?? []);
      if (parts.length) split = true;
      return [...g, ...parts];
    });
    return split ? { ...match, groups, split: true } : null;
  }

  /**
   * A page of a currentFirst type: its current documents (c_1) first, then the others (c_0),
   * each in the order asked for; totals and facets are the two parts' sums.
   */
  private async currentThenRest(
    m: MatchExpression | null,
    params: SearchParams,
    sort: 'relevance' | 'date',
    offset: number,
  ): Promise<BackendPage> {
    const size = params.pageSize;
    const first = await this.backend.search(
      this.db,
      m,
      { ...params, current: true },
      sort,
      size,
      offset,
    );
    const rest = await this.backend.search(
      this.db,
      m,
      { ...params, current: false },
      sort,
      Math.max(1, size - first.rows.length),
      Math.max(0, offset - first.total),
    );
    const facets = emptyFacets();
    for (const name of FACETS) {
      const sum = new Map<string, number>();
      for (const part of [first, rest])
        for (const f of part.facets[name]) sum.set(f.value, (sum.get(f.value) ?? 0) + f.count);
      facets[name] = [...sum]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    }
    return {
      rows: [...first.rows, ...rest.rows].slice(0, size),
      total: first.total + rest.total,
      totalApproximate: first.totalApproximate || rest.totalApproximate,
      facets,
      facetsApproximate: first.facetsApproximate || rest.facetsApproximate,
    };
  }

  /**
   * The newest documents with no words and no filter but the type — the portal's library: the
   * page from the date index, the total exact (counted), the facets counted or sampled. The
   * count is kept until the index changes: this process's writes move `indexGeneration`; another
   * process's commit moves SQLite's `data_version`; on PostgreSQL another node's writes are seen
   * within PLAIN_STATS_TTL_MS.
   */
  private async plainList(
    type: string | undefined,
    limit: number,
    offset: number,
  ): Promise<BackendPage> {
    const [rows, stats] = await Promise.all([
      this.backend.newest(this.db, type, limit, offset),
      this.plainListStats(type),
    ]);
    return { rows, totalApproximate: false, ...stats };
  }

  private async plainListStats(type: string | undefined): Promise<PlainListStats> {
    const key = type ?? '';
    const now = await this.stamp();
    const cached = this.plainStats.get(key);
    if (cached && stillHolds(cached, now)) return cached.value;
    const value = this.backend.plainStats(this.db, type);
    // Concurrent readers share one count; a failed one is not kept.
    this.plainStats.set(key, { ...now, value });
    value.catch(() => {
      if (this.plainStats.get(key)?.value === value) this.plainStats.delete(key);
    });
    return value;
  }

  /**
   * Called after every statement that writes `search_documents`: plain lists count again. After,
   * not before: a count taken between the statement and the move is kept under the old
   * generation and thrown away.
   */
  private indexChanged(): void {
    this.indexGeneration++;
  }

  /** The index's state now (see stillHolds). */
  private async stamp(): Promise<Stamp> {
    const generation = this.indexGeneration;
    return { generation, marker: await this.changeMarker(), at: Date.now() };
  }

  /** What tells another process's commit (SQLite's data_version); null where there is none. */
  private async changeMarker(): Promise<number | null> {
    if (this.dialect !== 'sqlite') return null;
    // The connection's plugin names the column dataVersion: read the row's one value.
    const r = await sql<Record<string, number>>`pragma data_version`.execute(this.db);
    return Number(Object.values(r.rows[0] ?? {})[0] ?? 0);
  }

  /**
   * Searches the index. The same question (the same params) is answered from memory while the
   * index and the vocabulary are unchanged — judged as the plain list's totals are: this
   * process's writes, another process's commit (SQLite's data_version, and at most
   * ANSWER_MAX_AGE_MS), another node's writes on PostgreSQL within PLAIN_STATS_TTL_MS.
   * Concurrent askers share one search. Every question is still logged.
   */
  async search(params: SearchParams): Promise<SearchResult> {
    const analyzer = await this.analyzer();
    const key = JSON.stringify(params);
    const now = await this.stamp();
    const cached = this.answers.get(key);
    let value: Promise<Answer>;
    if (cached && cached.analyzer === analyzer && stillHolds(cached, now, ANSWER_MAX_AGE_MS)) {
      value = cached.value;
      // Newest used last: the first key is the one to drop.
      this.answers.delete(key);
      this.answers.set(key, cached);
    } else {
      value = this.answer(params, analyzer);
      this.answers.delete(key);
      this.answers.set(key, { ...now, analyzer, value });
      if (this.answers.size > this.answersKept)
        this.answers.delete(this.answers.keys().next().value as string);
      // A failed search is not kept.
      value.catch(() => {
        if (this.answers.get(key)?.value === value) this.answers.delete(key);
      });
    }
    const { result, normalized } = await value;
    if (params.q.trim()) {
      this.logQuery({
        id: newId(),
        at: nowIso(),
        q: params.q.slice(0, 200),
        normalized,
        type: params.type ?? null,
        results: result.total,
      });
    }
    return result;
  }

  private async answer(params: SearchParams, analyzer: Analyzer): Promise<Answer> {
    const match = await this.analyze(params.q);
    const offset = (params.page - 1) * params.pageSize;
    const sort = match ? params.sort : 'date';
    const currentFirst = !!params.type && TYPES.get(params.type)?.currentFirst === true;
    const page = (m: MatchExpression | null) =>
      currentFirst
        ? this.currentThenRest(m, params, sort, offset)
        : this.backend.search(this.db, m, params, sort, params.pageSize, offset);
    let result =
      !match && !currentFirst && isPlainList(params)
        ? await this.plainList(params.type, params.pageSize, offset)
        : await page(match);
    const exactTotal = result.total;
    let relaxed = false;
    let current = match;
    // Precise first: only when too few documents have every word does a compound the index does
    // not hold together (湿地保护 in a text saying 保护湿地) count by its parts, in any order…
    const parts = match && result.total < RELAX_BELOW ? this.splitCompounds(analyzer, match) : null;
    if (parts) {
      const wider = await page(parts);
      if (wider.total > result.total) {
        result = wider;
        current = parts;
      }
    }
    // …and do partial matches follow them: those missing one word, then (still too few: a long
    // question whose context words no text shares) those missing two, down to any one word.
    const n = current?.groups.length ?? 0;
    for (let missing = 1; current && missing < n && result.total < RELAX_BELOW; missing++) {
      // Every way to keep the rest is one alternative of the expression: never thousands.
      if (combinations(n, n - missing) > RELAX_ALTERNATIVES_MAX) break;
      const wider = await page({ ...current, relaxed: true, missing });
      if (wider.total > result.total) {
        result = wider;
        relaxed = true;
      }
    }
    const { rows, facets, total, facetsApproximate, totalApproximate } = result;
    const groups = current?.groups ?? [];
    const items: SearchHit[] = rows.map((r) => {
      const titleRanges = analyzer.highlightRanges(r.title, groups);
      const { snippet, ranges } = snippetOf(r.excerpt, analyzer.highlightRanges(r.excerpt, groups));
      return {
        type: r.type,
        id: r.entityId,
        title: r.title,
        snippet,
        url: r.url,
        subtype: r.subtype,
        publishedAt: r.publishedAt,
        score: -r.score,
        highlights: { title: titleRanges, snippet: ranges },
      };
    });
    const answer: SearchResult = {
      items,
      total,
      exactTotal,
      facets,
      facetsApproximate,
      totalApproximate,
      relaxed,
      split: current?.split === true,
      pinyinWords: match?.pinyinWords ?? [],
    };
    return { result: answer, normalized: (match?.groups ?? []).map((g) => g[0]).join(' ') };
  }

  /** Queries are written in batches, off the request path (a crash loses at most a few seconds). */
  private logQuery(entry: LoggedQuery): void {
    this.pendingLog.push(entry);
    if (this.pendingLog.length >= LOG_FLUSH_SIZE) void this.flushQueryLog();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flushQueryLog(), LOG_FLUSH_MS);
      this.flushTimer.unref();
    }
  }

  async flushQueryLog(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batch = this.pendingLog;
    this.pendingLog = [];
    if (batch.length) await this.db.insertInto('searchQueries').values(batch).execute();
  }
}

const ENGINES = new WeakMap<Db, SearchEngine>();

/** The engine of a database handle (one per process and database). */
export function searchEngineFor(db: Db, dialect: DialectName): SearchEngine {
  let engine = ENGINES.get(db);
  if (!engine) {
    engine = new SearchEngine(db, dialect);
    ENGINES.set(db, engine);
  }
  return engine;
}
