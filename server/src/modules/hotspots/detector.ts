/**
 * The hotspot detector (热点预警), pure: it reads hourly aggregates through a `SignalStore` and
 * answers the alerts to raise at one moment. No database, no clock, no I/O of its own — the job
 * (over `hotspot_signals`), the replay CLI and the tests (over `MemorySignalStore`) run the same
 * code.
 *
 * Series. A series is one (kind, term, division) — or the nation, every division summed — over
 * rolling 24-hour windows ending at the detection hour: window 0 is the last 24 hours, window k
 * the 24 hours before window k − 1. Rolling windows compare like with like at any hour (no
 * partial day against whole days, no hour-of-day pattern).
 *
 * Baseline. Exponentially weighted moving average (EWMA, `alpha`) of the past windows, oldest
 * first, each divided by its day-of-week factor (how that weekday stands against the mean over
 * the history, shrunk towards 1); the expected count of window k is the average before it times
 * the weekday's factor times `themeDayFactor` when the window touches a theme day (世界地球日,
 * 全国防灾减灾日 …: a rise is expected, not an alarm). Theme-day windows do not feed the average,
 * so the day after is judged against ordinary days.
 *
 * Alarm. Window 0 raises when its count is at least `minCount`, at least `ratio` times the
 * expected count, and `zScore` deviations above it (Poisson deviation √expected plus the EW
 * variance of the past). Detection starts when the store holds `warmupDays` of history.
 *
 * One alert per term and region. The nation's series and each province's are tried; a term whose
 * excess comes mostly (≥ `leadShare`) from one province is that province's alert, otherwise the
 * nation's. A term and region with an open alert, or one raised within `cooldownHours`, raises
 * nothing (repeats are suppressed).
 */

export const SIGNAL_KINDS = [
  'SEARCH',
  'ZERO_RESULT',
  'WORK_VIEW',
  'RUMOUR_REPORT',
  'QUERY',
] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];
/** Kinds that are watched for spikes; QUERY (the whole normalised query) is evidence only. */
export const DETECTED_KINDS: readonly SignalKind[] = [
  'SEARCH',
  'ZERO_RESULT',
  'WORK_VIEW',
  'RUMOUR_REPORT',
];

/** One hourly aggregate: `hour` is the UTC hour as `YYYY-MM-DDTHH`, `division` '' when unknown. */
export interface SignalRow {
  hour: string;
  kind: SignalKind;
  term: string;
  division: string;
  count: number;
}

export interface SignalStore {
  /** The earliest hour held, or null when empty. */
  firstHour(): Promise<string | null>;
  /** (kind, term) pairs of these kinds whose total over [from, to) is at least `min`. */
  candidates(
    kinds: readonly SignalKind[],
    from: string,
    to: string,
    min: number,
  ): Promise<{ kind: SignalKind; term: string }[]>;
  /** Every row of these kinds and terms in [from, to). */
  rows(
    kinds: readonly SignalKind[],
    terms: string[],
    from: string,
    to: string,
  ): Promise<SignalRow[]>;
  /** QUERY rows in [from, to) (top queries), at most `limit` of the largest. */
  queries(from: string, to: string, limit: number): Promise<SignalRow[]>;
}

export interface DetectorSettings {
  /** Fewest events in the last 24 hours for a series to raise. */
  minCount: number;
  /** Observed at least this many times the expected count. */
  ratio: number;
  /** Observed at least this many deviations above the expected count. */
  zScore: number;
  /** EWMA weight of the newest window (0–1). */
  alpha: number;
  /** The expected rise on a theme day (×). */
  themeDayFactor: number;
  /** No second alert for a term and region within this many hours of the last. */
  cooldownHours: number;
  /** Windows of history read (days). */
  historyDays: number;
  /** Detection waits until the store holds this many days. */
  warmupDays: number;
  /** A province whose share of the national excess reaches this owns the alert. */
  leadShare: number;
}

export const DEFAULT_SETTINGS: DetectorSettings = {
  minCount: 20,
  ratio: 3,
  zScore: 4,
  alpha: 0.3,
  themeDayFactor: 3,
  cooldownHours: 72,
  historyDays: 28,
  warmupDays: 7,
  leadShare: 0.6,
};

export interface DetectContext {
  /** China dates (YYYY-MM-DD) that are theme days → their names. */
  themeDays: ReadonlyMap<string, string>;
  /** Keys (`alertKey`) of open alerts. */
  open: ReadonlySet<string>;
  /** Key → when the last alert for it was raised (ms). */
  lastRaised: ReadonlyMap<string, number>;
}

export interface SeriesPoint {
  /** The China date the window ends on (its last hour). */
  date: string;
  /** Window start, UTC hour. */
  from: string;
  count: number;
  baseline: number;
  themeDay: string | null;
}

export interface DetectedAlert {
  key: string;
  kind: SignalKind;
  term: string;
  /** Province code (PP0000), or null for the nation. */
  division: string | null;
  /** The detection hour (UTC, `YYYY-MM-DDTHH`): the end of window 0. */
  hour: string;
  observed: number;
  expected: number;
  score: number;
  /** Oldest first, the last 14 windows (window 0 last). */
  series: SeriesPoint[];
  topQueries: { query: string; count: number }[];
  regions: { division: string; count: number }[];
  themeDay: string | null;
  /**
   * Other terms that rose in the same queries and region (地面沉降 and 原因 from 地面沉降原因):
   * folded into this alert, and suppressed with it.
   */
  related: string[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const CHINA_OFFSET_MS = 8 * HOUR_MS;
export const EVIDENCE_DAYS = 14;

/** The map's value for `key`, made and stored first when missing. */
export function upsertIn<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

export const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);
export const hourMs = (hour: string) => Date.parse(`${hour}:00:00.000Z`);
export const chinaDate = (ms: number) => new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
export const alertKey = (term: string, division: string | null) => `${term}|${division ?? ''}`;
/** The province of a division code (PP0000), or '' when not one. */
export const provinceOf = (code: string | null | undefined) =>
  code && /^\d{6}$/.test(code) ? `${code.slice(0, 2)}0000` : '';

interface Scored {
  expected: number;
  score: number;
  ratio: number;
  points: SeriesPoint[];
}

/** The baseline of one series (counts per window, index 0 = oldest) and window 0's standing. */
export function scoreSeries(
  counts: number[],
  starts: number[],
  settings: DetectorSettings,
  themeDays: ReadonlyMap<string, string>,
  /** Windows starting before this (ms: the store's first hour) are unknown, not zero. */
  knownFrom = Number.NEGATIVE_INFINITY,
): Scored {
  const n = counts.length;
  const themed = starts.map((s) => {
    const a = chinaDate(s);
    const b = chinaDate(s + DAY_MS - 1);
    return themeDays.get(b) ?? themeDays.get(a) ?? null;
  });
  const weekday = starts.map((s) => new Date(s + DAY_MS - 1 + CHINA_OFFSET_MS).getUTCDay());
  // Day-of-week factors from the ordinary past windows, shrunk towards 1 (two pseudo-windows).
  const past = counts.slice(0, n - 1);
  const ordinary = past.map((c, i) => (themed[i] || starts[i]! < knownFrom ? null : c));
  const known = ordinary.filter((c): c is number => c !== null);
  const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  const factor = new Array<number>(7).fill(1);
  if (mean > 0)
    for (let w = 0; w < 7; w++) {
      const same = ordinary.filter((c, i) => c !== null && weekday[i] === w) as number[];
      const sum = same.reduce((a, b) => a + b, 0);
      factor[w] = (sum + 2 * mean) / (same.length + 2) / mean;
    }
  let level: number | null = null;
  let variance = 0;
  const points: SeriesPoint[] = [];
  let expected = 0;
  for (let i = 0; i < n; i++) {
    const f = factor[weekday[i]!]!;
    // Never below the long mean: a dip of a day or two does not make an ordinary day a spike.
    expected = Math.max(level ?? 0, mean) * f * (themed[i] ? settings.themeDayFactor : 1);
    points.push({
      date: chinaDate(starts[i]! + DAY_MS - 1),
      from: hourOf(starts[i]!),
      count: counts[i]!,
      baseline: Math.round(expected * 10) / 10,
      themeDay: themed[i] ?? null,
    });
    if (i === n - 1 || ordinary[i] === null) continue;
    const x = counts[i]! / f;
    if (level === null) level = x;
    else {
      const d = x - level;
      level += settings.alpha * d;
      variance = (1 - settings.alpha) * (variance + settings.alpha * d * d);
    }
  }
  const observed = counts[n - 1]!;
  const sd = Math.sqrt(Math.max(expected, 1) + variance);
  return {
    expected,
    score: (observed - expected) / sd,
    ratio: observed / Math.max(expected, 1),
    points,
  };
}

/** The alerts to raise at `nowMs` (rounded down to the hour). */
export async function detect(
  store: SignalStore,
  nowMs: number,
  settings: DetectorSettings,
  ctx: DetectContext,
): Promise<DetectedAlert[]> {
  const end = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const first = await store.firstHour();
  if (!first || end - hourMs(first) < settings.warmupDays * DAY_MS) return [];
  const days = Math.max(settings.historyDays, EVIDENCE_DAYS) + 1;
  const starts = Array.from({ length: days }, (_, i) => end - (days - i) * DAY_MS);
  const from = hourOf(starts[0]!);
  const windowFrom = hourOf(end - DAY_MS);
  const to = hourOf(end);
  const candidates = await store.candidates(DETECTED_KINDS, windowFrom, to, settings.minCount);
  if (candidates.length === 0) return [];
  const wanted = new Set(candidates.map((c) => `${c.kind}\u0000${c.term}`));
  const rows: SignalRow[] = [];
  const terms = [...new Set(candidates.map((c) => c.term))];
  for (let i = 0; i < terms.length; i += 500)
    rows.push(...(await store.rows(DETECTED_KINDS, terms.slice(i, i + 500), from, to)));
  // (kind, term) → division ('' nation) → counts per window
  const series = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const key = `${r.kind}\u0000${r.term}`;
    if (!wanted.has(key)) continue;
    const w = Math.floor((hourMs(r.hour) - starts[0]!) / DAY_MS);
    if (w < 0 || w >= days) continue;
    const byDivision = upsertIn(series, key, () => new Map<string, number[]>());
    const province = provinceOf(r.division);
    for (const d of province ? ['', province] : ['']) {
      const counts = upsertIn(byDivision, d, () => new Array<number>(days).fill(0));
      counts[w]! += r.count;
    }
  }
  const best = new Map<string, DetectedAlert>();
  for (const [key, byDivision] of series) {
    const [kind, term] = key.split('\u0000') as [SignalKind, string];
    const nation = byDivision.get('');
    if (!nation) continue;
    const raised = (counts: number[]) => {
      const s = scoreSeries(counts, starts, settings, ctx.themeDays, hourMs(first));
      const observed = counts[days - 1]!;
      const fires =
        observed >= settings.minCount && s.ratio >= settings.ratio && s.score >= settings.zScore;
      return { ...s, observed, fires };
    };
    // Provinces first: a local spike is the province's alert.
    const provinces: { division: string; r: ReturnType<typeof raised> }[] = [];
    for (const [d, counts] of byDivision)
      if (d && counts[days - 1]! >= settings.minCount)
        provinces.push({ division: d, r: raised(counts) });
    const national = raised(nation);
    let chosen: { division: string | null; r: ReturnType<typeof raised> } | null = null;
    const firing = provinces.filter((p) => p.r.fires).sort((a, b) => b.r.score - a.r.score);
    if (national.fires) {
      const excess = national.observed - national.expected;
      const lead = provinces
        .map((p) => ({ ...p, excess: p.r.observed - p.r.expected }))
        .sort((a, b) => b.excess - a.excess)[0];
      chosen =
        lead && excess > 0 && lead.excess / excess >= settings.leadShare
          ? { division: lead.division, r: lead.r.fires ? lead.r : national }
          : { division: null, r: national };
    } else if (firing[0]) chosen = { division: firing[0].division, r: firing[0].r };
    if (!chosen) continue;
    const akey = alertKey(term, chosen.division);
    if (ctx.open.has(akey)) continue;
    const last = ctx.lastRaised.get(akey);
    if (last !== undefined && end - last < settings.cooldownHours * HOUR_MS) continue;
    const regions = [...byDivision]
      .filter(([d]) => d)
      .map(([division, counts]) => ({ division, count: counts[days - 1]! }))
      .filter((r) => r.count > 0)
      .sort((a, b) => b.count - a.count)
      .slice(0, 10);
    const alert: DetectedAlert = {
      key: akey,
      kind,
      term,
      division: chosen.division,
      hour: to,
      observed: chosen.r.observed,
      expected: Math.round(chosen.r.expected * 10) / 10,
      score: Math.round(chosen.r.score * 100) / 100,
      series: chosen.r.points.slice(-EVIDENCE_DAYS),
      topQueries: [],
      regions,
      themeDay: chosen.r.points[days - 1]?.themeDay ?? null,
      related: [],
    };
    const prior = best.get(akey);
    if (!prior || prior.score < alert.score) best.set(akey, alert);
  }
  const alerts = [...best.values()].sort((a, b) => b.score - a.score);
  if (alerts.length) {
    const queries = await store.queries(windowFrom, to, 5000);
    for (const a of alerts) {
      const counts = new Map<string, number>();
      for (const q of queries) {
        if (a.division && provinceOf(q.division) !== a.division) continue;
        if (!q.term.split(' ').includes(a.term)) continue;
        counts.set(q.term, (counts.get(q.term) ?? 0) + q.count);
      }
      a.topQueries = [...counts]
        .map(([query, count]) => ({ query, count }))
        .sort((x, y) => y.count - x.count)
        .slice(0, 5);
    }
  }
  // One worry, one alert: a term whose top query is among a stronger alert's top queries in the
  // same region is folded into it.
  // The term in more of the rising queries hosts the others: most events first, then the longer
  // (more specific) word — 地面沉降 over 原因.
  const kept: DetectedAlert[] = [];
  const byWeight = [...alerts].sort(
    (x, y) => y.observed - x.observed || y.term.length - x.term.length || y.score - x.score,
  );
  for (const a of byWeight) {
    const top = a.topQueries[0]?.query;
    const host = top
      ? kept.find(
          (k) =>
            k.division === a.division &&
            k.topQueries.some((q) => q.query === top && q.query.split(' ').includes(k.term)),
        )
      : undefined;
    if (host) host.related.push(a.term);
    else kept.push(a);
  }
  kept.sort((x, y) => y.score - x.score);
  // …and a term rising in the queries of an open alert's term (北京 in 北京地面沉降) is that alert.
  return kept.filter(
    (a) =>
      !a.topQueries[0]?.query
        .split(' ')
        .some((w) => w !== a.term && ctx.open.has(alertKey(w, a.division))),
  );
}

// ---------------------------------------------------------------------------------------------
// Theme days from the reference rules

interface ThemeRule {
  type?: string;
  month?: number;
  day?: number;
  endMonth?: number;
  endDay?: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * China dates of theme days with a fixed date or range (FIXED, FIXED_RANGE) in these years, and
 * each year's campaign days given as data (`campaigns`: the week entered from the notice).
 * Whole-month and n-th-weekday rules are left out: a month-long "rise" would blind the detector.
 */
export function themeDayDates(
  items: { nameZh: string; rule: ThemeRule | null }[],
  years: number[],
  campaigns: { name: string; startDate: string; endDate: string }[] = [],
): Map<string, string> {
  const out = new Map<string, string>();
  for (const year of years)
    for (const it of items) {
      const r = it.rule;
      if (!r?.month || !r.day) continue;
      if (r.type === 'FIXED') out.set(`${year}-${pad(r.month)}-${pad(r.day)}`, it.nameZh);
      else if (r.type === 'FIXED_RANGE' && r.endMonth && r.endDay) {
        let t = Date.UTC(year, r.month - 1, r.day);
        const last = Date.UTC(year, r.endMonth - 1, r.endDay);
        for (; t <= last; t += DAY_MS)
          if (!out.has(new Date(t).toISOString().slice(0, 10)))
            out.set(new Date(t).toISOString().slice(0, 10), it.nameZh);
      }
    }
  for (const c of campaigns) {
    let t = Date.parse(`${c.startDate}T00:00:00Z`);
    const last = Date.parse(`${c.endDate}T00:00:00Z`);
    for (let i = 0; t <= last && i < 40; t += DAY_MS, i++) {
      const d = new Date(t).toISOString().slice(0, 10);
      if (!out.has(d)) out.set(d, c.name);
    }
  }
  return out;
}
