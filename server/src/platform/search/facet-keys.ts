import { FACETS, type Facets, type SearchFilters } from './types.ts';

/**
 * Filter and facet values as keys the full-text index answers (FTS5 column facet_keys, PostgreSQL
 * GIN over its words): k_work (type), s_OCEAN (sector), t_GAS_HYDRATE (topic), a_YOUTH (audience),
 * r_44 (province), y_2024 (year), and b_17 h_1: the document's sample bucket (a hash of its key)
 * and its group of 16 buckets, so a fixed share of any match set can be read without the rest.
 */
export const SAMPLE_BUCKETS = 256;
const GROUP = 16;

const PREFIX = {
  type: 'k',
  sector: 's',
  topic: 't',
  audience: 'a',
  region: 'r',
  year: 'y',
} as const;
const FACET_OF = new Map<string, keyof Facets>(
  Object.entries(PREFIX).map(([facet, p]) => [p, facet as keyof Facets]),
);

/** FNV-1a of the document key: its sample bucket (also in migrations/0005-search-scale.ts). */
export function bucketOf(docKey: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < docKey.length; i++) {
    h ^= docKey.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SAMPLE_BUCKETS;
}

export function facetKeysOf(d: {
  docKey: string;
  type: string;
  sectors: string[];
  topics: string[];
  audiences: string[];
  region: string | null;
  year: number | null;
}): string {
  const keys = [`k_${d.type}`];
  for (const s of new Set(d.sectors)) keys.push(`s_${s}`);
  for (const t of new Set(d.topics)) keys.push(`t_${t}`);
  for (const a of new Set(d.audiences)) keys.push(`a_${a}`);
  if (d.region) keys.push(`r_${d.region.slice(0, 2)}`);
  if (d.year !== null) keys.push(`y_${d.year}`);
  const bucket = bucketOf(d.docKey);
  keys.push(`b_${bucket}`, `h_${Math.floor(bucket / GROUP)}`);
  return keys.join(' ');
}

/** The keys a document must have to pass these filters. */
export function filterKeys(f: SearchFilters): string[] {
  const keys: string[] = [];
  if (f.type) keys.push(`k_${f.type}`);
  if (f.sector) keys.push(`s_${f.sector}`);
  if (f.topic) keys.push(`t_${f.topic}`);
  if (f.audience) keys.push(`a_${f.audience}`);
  if (f.region) keys.push(`r_${f.region.slice(0, 2)}`);
  if (f.year !== undefined) keys.push(`y_${f.year}`);
  return keys;
}

/** The first `count` buckets (of SAMPLE_BUCKETS) as few keys: whole groups, then single buckets. */
export function bucketKeys(count: number): string[] {
  const n = Math.min(count, SAMPLE_BUCKETS);
  const groups = Math.floor(n / GROUP);
  return [
    ...Array.from({ length: groups }, (_, i) => `h_${i}`),
    ...Array.from({ length: n % GROUP }, (_, i) => `b_${groups * GROUP + i}`),
  ];
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
