import { Analyzer } from '#platform/search/analyzer.ts';
import { REFERENCE_SEED } from '../reference/seed-data.ts';
import { DOMAIN_WORDS, NARROWER_TERMS, SYNONYM_GROUPS } from '../search/seed-data.ts';
import {
  alertKey,
  DEFAULT_SETTINGS,
  type DetectedAlert,
  type DetectorSettings,
  detect,
  hourOf,
  provinceOf,
  themeDayDates,
} from './detector.ts';
import { MemorySignalStore } from './memory-store.ts';
import { queryWords } from './terms.ts';

const HOUR_MS = 3_600_000;

/** A replayed event: `{ at, query, division? }` (one JSON line). */
export interface ReplayEvent {
  at: string;
  query: string;
  division?: string | null;
}

export class ReplayError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`第 ${line} 行 / line ${line}: ${message}`);
  }
}

/** The analyzer over the seeded vocabulary (the replay has no database). */
export function seedAnalyzer(): Analyzer {
  return new Analyzer({ words: DOMAIN_WORDS, synonyms: SYNONYM_GROUPS, narrower: NARROWER_TERMS });
}

/** Theme days of the seeded reference data for these years. */
export function seedThemeDays(years: number[]): Map<string, string> {
  return themeDayDates(
    REFERENCE_SEED.THEME_DAY.map((t) => ({
      nameZh: t.nameZh,
      rule: ((t.data as { rule?: unknown } | undefined)?.rule ?? null) as never,
    })),
    years,
  );
}

function parseLine(text: string, n: number): ReplayEvent {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ReplayError(n, '不是 JSON / not JSON');
  }
  const e = v as Partial<ReplayEvent> | null;
  if (!e || typeof e !== 'object') throw new ReplayError(n, '不是对象 / not an object');
  if (typeof e.at !== 'string' || Number.isNaN(Date.parse(e.at)))
    throw new ReplayError(n, 'at 须为 ISO 时间 / at must be an ISO time');
  if (typeof e.query !== 'string' || e.query.length > 200)
    throw new ReplayError(
      n,
      'query 须为不超过 200 字的文字 / query must be text of ≤ 200 characters',
    );
  if (e.division != null && (typeof e.division !== 'string' || !/^\d{6}$/.test(e.division)))
    throw new ReplayError(n, 'division 须为六位区划代码 / division must be a six-digit code');
  return { at: e.at, query: e.query, division: e.division ?? null };
}

export interface ReplayOptions {
  settings?: DetectorSettings;
  analyzer?: Analyzer;
  /** Theme days (China date → name); default: the seeded rules for the stream's years. */
  themeDays?: Map<string, string>;
}

/**
 * Replays a stream of query events through the detector on an empty in-memory store: the events
 * are counted as the live signals are (SEARCH per word, QUERY per phrase, by province), and the
 * detector runs at every hour boundary the stream's clock passes (as the hourly job does), then
 * once after the last event's hour. Every alert raised stays open (nobody dismisses in a replay),
 * so a term and region raise once. `emit` gets each alert as it is raised.
 */
export async function replayQueries(
  lines: AsyncIterable<string> | Iterable<string>,
  emit: (a: DetectedAlert) => void,
  opts: ReplayOptions = {},
): Promise<{ events: number; alerts: number; rows: number }> {
  const settings = opts.settings ?? DEFAULT_SETTINGS;
  const analyzer = opts.analyzer ?? seedAnalyzer();
  const store = new MemorySignalStore();
  const open = new Set<string>();
  const lastRaised = new Map<string, number>();
  const years = new Set<number>();
  let themeDays = opts.themeDays ?? new Map<string, string>();
  let clock: number | null = null;
  let events = 0;
  let alerts = 0;
  const runAt = async (ms: number) => {
    if (!opts.themeDays) {
      const y = new Date(ms).getUTCFullYear();
      if (!years.has(y)) {
        for (const yy of [y - 1, y, y + 1]) years.add(yy);
        themeDays = seedThemeDays([...years]);
      }
    }
    for (const a of await detect(store, ms, settings, { themeDays, open, lastRaised })) {
      for (const term of [a.term, ...a.related]) {
        open.add(alertKey(term, a.division));
        lastRaised.set(alertKey(term, a.division), ms);
      }
      alerts++;
      emit(a);
    }
  };
  let n = 0;
  for await (const raw of lines as AsyncIterable<string>) {
    n++;
    const text = raw.trim();
    if (!text) continue;
    const e = parseLine(text, n);
    const at = Date.parse(e.at);
    const hourStart = Math.floor(at / HOUR_MS) * HOUR_MS;
    if (clock === null) clock = hourStart;
    // The clock moves on: detect at each hour boundary passed.
    while (clock < hourStart) {
      clock += HOUR_MS;
      await runAt(clock);
    }
    const { words, phrase } = queryWords(analyzer, e.query);
    if (!words.length) continue;
    const division = provinceOf(e.division);
    const hour = hourOf(at);
    for (const w of words) store.add(hour, 'SEARCH', w, division);
    store.add(hour, 'QUERY', phrase, division);
    events++;
  }
  if (clock !== null) await runAt(clock + HOUR_MS);
  return { events, alerts, rows: store.size() };
}
