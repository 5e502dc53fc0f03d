import { FACETS, type Facets, type SearchFilters } from './types.ts';

/**
 * Filter and facet values as keys the full-text index answers (FTS5 column facet_keys, PostgreSQL
 * GIN over its words): k_work (type), w_VIDEO (a work's type), s_OCEAN (sector), t_GAS_HYDRATE
 * (topic), a_YOUTH (audience),
 * r_44 (province), y_2024 (year), and b_17 h_1: the document's sample bucket (a hash of its key)
 * and its group of 16 buckets, so a fixed share of any match set can be read without the rest;
 * d_202403: its month, so newest first reads only the last months' matches;
 * n_13 m_5: its length tiers (all text; title and names), so a broad word is ranked from the
 * shortest documents up without scoring every match;
 * c_1 / c_0: current or not, for the types that rank current documents first (activities).
 */
export const SAMPLE_BUCKETS = 256;
const GROUP = 16;

const PREFIX = {
  type: 'k',
  workType: 'w',
  sector: 's',
  topic: 't',
  audience: 'a',
  region: 'r',
  year: 'y',
} as const;
const FACET_OF = new Map<string, keyof Facets>(
  Object.entries(PREFIX).map(([facet, p]) => [p, facet as keyof Facets]),
);

/**
 * The document's sample bucket: FNV-1a of its key, mixed (murmur3's finalizer) so keys that
 * differ only in their last characters still spread evenly (also in migrations/0010).
 */
export function bucketOf(docKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < docKey.length; i++) {
    h ^= docKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % SAMPLE_BUCKETS;
}

/**
 * A length tier: tiers grow by a factor of 2^¼ (tier 24 is 64–75 tokens, 25 is 76–90 …).
 * Ranking a broad word reads the shortest tiers first: for a word found once, a shorter document
 * scores higher (bm25 and ts_rank both divide by length), so the best-scoring ones are there.
 */
export function lengthTier(tokens: number): number {
  return Math.floor(4 * Math.log2(Math.max(tokens, 1)));
}

/**
 * Rank keys: each distinct head word prefixed with the document's length tier (24_化石), so the
 * head matches of a broad word in its shortest tiers are an index lookup of their own: 24_化石 OR
 * 25_化石 reads those documents and no others (a tier key ANDed with the word would merge the
 * long lists of both). The tier comes first so a pinyin prefix still works: 24_lisi*.
 */
export function rankKeysOf(tier: number, headTokens: string[]): string {
  return [...new Set(headTokens)].map((t) => `${tier}_${t}`).join(' ');
}

export function facetKeysOf(d: {
  docKey: string;
  type: string;
  /** The kind within the type: a work's WORK_TYPE code (a facet of its own for works). */
  subtype: string | null;
  sectors: string[];
  topics: string[];
  audiences: string[];
  region: string | null;
  year: number | null;
  /** Year and month of publication, 202403 (UTC, as `published_at` sorts). */
  month: string | null;
  /** Tokens in every text column (SQLite's bm25 length) and in title and names (PostgreSQL's). */
  length: number;
  headLength: number;
  current?: boolean;
}): string {
  const keys = [`k_${d.type}`];
  if (d.type === 'work' && d.subtype) keys.push(`w_${d.subtype}`);
  for (const s of new Set(d.sectors)) keys.push(`s_${s}`);
  for (const t of new Set(d.topics)) keys.push(`t_${t}`);
  for (const a of new Set(d.audiences)) keys.push(`a_${a}`);
  if (d.region) keys.push(`r_${d.region.slice(0, 2)}`);
  if (d.year !== null) keys.push(`y_${d.year}`);
  if (d.current !== undefined) keys.push(d.current ? 'c_1' : 'c_0');
  // The facets first, then from ` b_` on the keys only a large match's sample needs.
  const bucket = bucketOf(d.docKey);
  keys.push(`b_${bucket}`, `h_${Math.floor(bucket / GROUP)}`);
  if (d.month) keys.push(`d_${d.month}`);
  keys.push(`n_${lengthTier(d.length)}`, `m_${lengthTier(d.headLength)}`);
  return keys.join(' ');
}

/** The keys a document must have to pass these filters. */
export function filterKeys(f: SearchFilters): string[] {
  const keys: string[] = [];
  if (f.type) keys.push(`k_${f.type}`);
  if (f.workType) keys.push(`w_${f.workType}`);
  if (f.sector) keys.push(`s_${f.sector}`);
  if (f.topic) keys.push(`t_${f.topic}`);
  if (f.audience) keys.push(`a_${f.audience}`);
  if (f.region) keys.push(`r_${f.region.slice(0, 2)}`);
  if (f.year !== undefined) keys.push(`y_${f.year}`);
  if (f.current !== undefined) keys.push(f.current ? 'c_1' : 'c_0');
  return keys;
}

/** Buckets `from` to `to` (exclusive, of SAMPLE_BUCKETS) as few keys: whole groups where they fit. */
export function bucketKeys(from: number, to: number): string[] {
  const keys: string[] = [];
  let b = Math.max(0, from);
  const end = Math.min(to, SAMPLE_BUCKETS);
  while (b < end) {
    if (b % GROUP === 0 && b + GROUP <= end) {
      keys.push(`h_${b / GROUP}`);
      b += GROUP;
    } else keys.push(`b_${b++}`);
  }
  return keys;
}

/** The month keys from `from` to `to` (YYYYMM, both included), newest first. */
export function monthKeys(from: string, to: string): string[] {
  const keys: string[] = [];
  let y = Number(to.slice(0, 4));
  let m = Number(to.slice(4, 6));
  const last = Number(from.slice(0, 4)) * 12 + Number(from.slice(4, 6));
  while (y * 12 + m >= last) {
    keys.push(`d_${y}${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return keys;
}

export function emptyFacets(): Facets {
  return Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as Facets;
}

/** Facets from counted keys, each count multiplied by `scale` (1 when every match was counted). */
export function facetsFromKeyCounts(counts: Iterable<[string, number]>, scale = 1): Facets {
  const facets = emptyFacets();
  for (const [key, n] of counts) {
    const facet = FACET_OF.get(key.slice(0, 1));
    if (!facet || key[1] !== '_') continue;
    const raw = key.slice(2);
    const value = facet === 'region' ? `${raw}0000` : raw;
    facets[facet].push({ value, count: Math.max(1, Math.round(n * scale)) });
  }
  for (const list of Object.values(facets))
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}

/** Counts the keys of documents given as space-separated key strings. */
export function countKeys(keyLists: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const list of keyLists)
    for (const key of list.split(' ')) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
