/**
 * The signals, off the request path: a request only pushes a small entry into this process's
 * buffer (no query, no await); a timer (every `FLUSH_MS`), a full buffer (`FLUSH_AT` entries) or
 * the app's close writes them as hourly aggregates — `INSERT … ON CONFLICT (hour, kind, term,
 * division) DO UPDATE SET count = count + excluded.count`, the same statement on SQLite and
 * PostgreSQL, so several app nodes add up. Search queries are analysed at the flush (the search's
 * own analyzer: the words it matches), people's provinces are looked up at the flush (their home
 * unit's province, never an address); nothing about the person is written. The buffer is bounded
 * (`MAX_PENDING`): past it, while a flush is still writing, entries are dropped and counted.
 */
import { sql } from 'kysely';
import type { Db, DialectName, Executor } from '#platform/db/connect.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import {
  hourOf,
  provinceOf,
  type SignalKind,
  type SignalRow,
  type SignalStore,
} from './detector.ts';
import { queryWords } from './terms.ts';

export const FLUSH_MS = 10_000;
export const FLUSH_AT = 2_000;
export const MAX_PENDING = 20_000;
const INSERT_CHUNK = 500;

/** What another module hands in: terms already normalised (a rumour's hazard words …). */
export interface SignalInput {
  kind: Exclude<SignalKind, 'QUERY'>;
  terms: string[];
  /** A division code (any level: its province is kept), when the page or thing has one. */
  division?: string | null;
  /** The signed-in person: their home unit's province is used when `division` is not given. */
  userId?: string | null;
  /** Default now. */
  at?: number;
  n?: number;
}

type Pending =
  | { type: 'signal'; input: SignalInput; at: number }
  | {
      type: 'search';
      q: string;
      results: number;
      division: string | null;
      userId: string | null;
      at: number;
    };

class SignalBuffer {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  dropped = 0;
  /** userId → province ('' none), for a while. */
  private readonly provinces = new Map<string, { p: string; at: number }>();

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  push(p: Pending): void {
    if (this.pending.length >= MAX_PENDING) {
      this.dropped++;
      return;
    }
    this.pending.push(p);
    if (this.pending.length >= FLUSH_AT) void this.flush().catch(() => {});
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => {}), FLUSH_MS);
      this.timer.unref();
    }
  }

  get size(): number {
    return this.pending.length;
  }

  /** Writes what is buffered (waits for a flush already writing, then writes the rest). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.flushing = this.write(batch).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async provinceOfUser(userId: string): Promise<string> {
    const hit = this.provinces.get(userId);
    if (hit && Date.now() - hit.at < 600_000) return hit.p;
    const home = await this.db
      .selectFrom('users')
      .innerJoin('organisations as o', 'o.id', 'users.homeOrganisationId')
      .select('o.path')
      .where('users.id', '=', userId)
      .executeTakeFirst();
    let p = '';
    if (home) {
      const withCode = await this.db
        .selectFrom('organisations')
        .select('divisionCode')
        .where('divisionCode', 'is not', null)
        .where(sql<boolean>`${home.path} like path || '%'`)
        .orderBy('depth', 'desc')
        .executeTakeFirst();
      p = provinceOf(withCode?.divisionCode);
    }
    if (this.provinces.size > 10_000) this.provinces.clear();
    this.provinces.set(userId, { p, at: Date.now() });
    return p;
  }

  private async write(batch: Pending[]): Promise<void> {
    const counts = new Map<string, number>();
    const add = (hour: string, kind: SignalKind, term: string, division: string, n: number) => {
      const key = `${hour}\u0000${kind}\u0000${term}\u0000${division}`;
      counts.set(key, (counts.get(key) ?? 0) + n);
    };
    const analyzer = batch.some((p) => p.type === 'search')
      ? await searchEngineFor(this.db, this.dialect).analyzer()
      : null;
    for (const p of batch) {
      const hour = hourOf(p.at);
      const given = p.type === 'signal' ? p.input.division : p.division;
      const userId = p.type === 'signal' ? p.input.userId : p.userId;
      let division = provinceOf(given);
      if (!division && userId) division = await this.provinceOfUser(userId);
      if (p.type === 'signal') {
        for (const term of new Set(p.input.terms.map((t) => t.trim().slice(0, 40)).filter(Boolean)))
          add(hour, p.input.kind, term, division, p.input.n ?? 1);
      } else if (analyzer) {
        const { words, phrase } = queryWords(analyzer, p.q);
        if (!words.length) continue;
        for (const w of words) add(hour, 'SEARCH', w, division, 1);
        if (p.results === 0) for (const w of words) add(hour, 'ZERO_RESULT', w, division, 1);
        add(hour, 'QUERY', phrase, division, 1);
      }
    }
    await upsertSignals(
      this.db,
      [...counts].map(([key, count]) => {
        const [hour, kind, term, division] = key.split('\u0000') as [
          string,
          SignalKind,
          string,
          string,
        ];
        return { hour, kind, term, division, count };
      }),
    );
  }
}

/**
 * Adds hourly counts (`count = count + n`), in chunks; both dialects. Rows of one key are summed
 * first: PostgreSQL refuses one statement touching a row twice.
 */
export async function upsertSignals(db: Executor, given: SignalRow[]): Promise<void> {
  const merged = new Map<string, SignalRow>();
  for (const r of given) {
    const key = `${r.hour}\u0000${r.kind}\u0000${r.term}\u0000${r.division}`;
    const prior = merged.get(key);
    if (prior) prior.count += r.count;
    else merged.set(key, { ...r });
  }
  const rows = [...merged.values()];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await db
      .insertInto('hotspotSignals')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) =>
        oc
          .columns(['hour', 'kind', 'term', 'division'])
          .doUpdateSet({ count: sql<number>`hotspot_signals.count + excluded.count` }),
      )
      .execute();
}

const BUFFERS = new WeakMap<Db, SignalBuffer>();

function bufferFor(db: Db, dialect: DialectName): SignalBuffer {
  const b = BUFFERS.get(db) ?? new SignalBuffer(db, dialect);
  BUFFERS.set(db, b);
  return b;
}

/**
 * Counts a signal (a rumour report's hazard words, a view …) for the hotspot detector: buffered,
 * written within seconds. Never throws, never waits.
 */
export function recordSignal(db: Db, dialect: DialectName, input: SignalInput): void {
  if (!input.terms.length) return;
  bufferFor(db, dialect).push({ type: 'signal', input, at: input.at ?? Date.now() });
}

/** Counts a public search (its words; zero-result words too when nothing was found). */
export function recordSearch(
  db: Db,
  dialect: DialectName,
  s: { q: string; results: number; division?: string | null; userId?: string | null; at?: number },
): void {
  if (!s.q.trim()) return;
  bufferFor(db, dialect).push({
    type: 'search',
    q: s.q.slice(0, 200),
    results: s.results,
    division: s.division ?? null,
    userId: s.userId ?? null,
    at: s.at ?? Date.now(),
  });
}

/** Writes this process's buffered signals now (the app's close, tests, the job before detecting). */
export async function flushSignals(db: Db): Promise<void> {
  await BUFFERS.get(db)?.flush();
}

/** Entries waiting and dropped (a full buffer), for the bench and tests. */
export function signalBufferStats(db: Db) {
  const b = BUFFERS.get(db);
  return { pending: b?.size ?? 0, dropped: b?.dropped ?? 0 };
}

/** The detector's view of `hotspot_signals`. */
export class DbSignalStore implements SignalStore {
  constructor(private readonly db: Executor) {}

  async firstHour() {
    const r = await this.db
      .selectFrom('hotspotSignals')
      .select((eb) => eb.fn.min('hour').as('first'))
      .executeTakeFirst();
    return (r?.first as string | null | undefined) ?? null;
  }

  async candidates(kinds: readonly SignalKind[], from: string, to: string, min: number) {
    const rows = await this.db
      .selectFrom('hotspotSignals')
      .select(['kind', 'term'])
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .where('kind', 'in', [...kinds])
      .groupBy(['kind', 'term'])
      .having((eb) => eb.fn.sum<number>('count'), '>=', min)
      .execute();
    return rows as { kind: SignalKind; term: string }[];
  }

  async rows(kinds: readonly SignalKind[], terms: string[], from: string, to: string) {
    if (!terms.length) return [];
    const rows = await this.db
      .selectFrom('hotspotSignals')
      .selectAll()
      .where('term', 'in', terms)
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .where('kind', 'in', [...kinds])
      .execute();
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  async queries(from: string, to: string, limit: number) {
    const rows = await this.db
      .selectFrom('hotspotSignals')
      .select(['term', 'division', (eb) => eb.fn.sum<number>('count').as('count')])
      .where('kind', '=', 'QUERY')
      .where('hour', '>=', from)
      .where('hour', '<', to)
      .groupBy(['term', 'division'])
      .orderBy('count', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      hour: from,
      kind: 'QUERY' as const,
      term: r.term,
      division: r.division,
      count: Number(r.count),
    }));
  }
}
