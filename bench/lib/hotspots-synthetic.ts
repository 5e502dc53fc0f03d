/**
 * A synthetic month of search queries (April 2026, which holds 世界地球日 on the 22nd) for the
 * detector's tests, the replay CLI's test and the bench: steady worries with a weekly rhythm and
 * an hour-of-day rhythm, Poisson noise from a seeded generator, across five provinces and
 * visitors of unknown province.
 */
export interface SyntheticOptions {
  /** Extra 地面沉降 queries in 北京 on 4-15 (spread over six hours). */
  spike?: number;
  /** Earth Day's queries ×factor (世界地球日, 地球) on 4-22, China time. */
  earthDayFactor?: number;
  /** Extra 天坑 queries on 4-18 (a rare word). */
  smallSpike?: number;
  /** Multiplies every rate (the bench's million). */
  scale?: number;
  days?: number;
}

const PROVINCES = ['110000', '430000', '510000', '440000', '320000', null] as const;
const BASE: [string, number][] = [
  ['地震预警', 120],
  ['滑坡前兆有哪些', 80],
  ['世界地球日主题', 30],
  ['地球科普', 60],
  ['矿产资源', 50],
  ['地面沉降原因', 6],
  ['天坑', 2],
  ['泥石流怎么逃生', 40],
  ['海洋科普', 25],
];
const EARTH = new Set(['世界地球日主题', '地球科普']);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function poisson(rand: () => number, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(rand)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}
const gauss = (rand: () => number) =>
  Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());

const HOUR = 3_600_000;
/** 2026-04-01 00:00 China time. */
export const SYNTHETIC_START = Date.parse('2026-03-31T16:00:00Z');

/** The events, in time order, as `{ at, query, division? }` objects. */
export function* syntheticQueries(o: SyntheticOptions = {}): Generator<{
  at: string;
  query: string;
  division?: string;
}> {
  const rand = rng(20260422);
  const days = o.days ?? 30;
  const scale = o.scale ?? 1;
  for (let h = 0; h < days * 24; h++) {
    const start = SYNTHETIC_START + h * HOUR;
    const china = new Date(start + 8 * HOUR);
    const hourOfDay = china.getUTCHours();
    const date = china.toISOString().slice(0, 10);
    const weekend = [0, 6].includes(china.getUTCDay());
    // More by day than by night: the shape sums to 24 over a day.
    const shape = (1 + 0.8 * Math.sin(((hourOfDay - 8) / 24) * 2 * Math.PI)) * (weekend ? 0.7 : 1);
    const batch: { at: number; query: string; division?: string }[] = [];
    const emit = (query: string, n: number, division?: string | null) => {
      for (let i = 0; i < n; i++) {
        const d =
          division === undefined ? PROVINCES[Math.floor(rand() * PROVINCES.length)] : division;
        batch.push({ at: start + Math.floor(rand() * HOUR), query, ...(d ? { division: d } : {}) });
      }
    };
    for (const [query, perDay] of BASE) {
      let lambda = (perDay / 24) * shape * scale;
      if (o.earthDayFactor && EARTH.has(query) && date === '2026-04-22') lambda *= o.earthDayFactor;
      emit(query, poisson(rand, lambda));
    }
    if (o.spike && date === '2026-04-15' && hourOfDay >= 9 && hourOfDay < 15)
      emit(
        hourOfDay % 2 ? '地面沉降原因' : '北京地面沉降怎么办',
        Math.round(o.spike / 6),
        '110000',
      );
    if (o.smallSpike && date === '2026-04-18' && hourOfDay === 10)
      emit('天坑', o.smallSpike, '430000');
    batch.sort((a, b) => a.at - b.at);
    for (const e of batch)
      yield {
        at: new Date(e.at).toISOString(),
        query: e.query,
        ...(e.division ? { division: e.division } : {}),
      };
  }
}

/** The same as JSON lines. */
export function* syntheticLines(o: SyntheticOptions = {}): Generator<string> {
  for (const e of syntheticQueries(o)) yield JSON.stringify(e);
}
