import { type RawBuilder, sql } from 'kysely';
import type { DialectName, Executor } from '../db/connect.ts';
import { facetQuery, filterConditions } from './sql-filters.ts';
import {
  FACETS,
  type Facets,
  type MatchExpression,
  type MatchedRow,
  type SearchBackend,
  type SearchFilters,
} from './types.ts';

/** FTS5 query text: ("可燃冰" OR "天然气水合物") AND "开采", or a pinyin prefix on the name keys. */
export function fts5Expression(m: MatchExpression): string | null {
  const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;
  const words = m.groups.map((g) =>
    g.length === 1 ? quote(g[0]!) : `(${g.map(quote).join(' OR ')})`,
  );
  const parts: string[] = [];
  if (words.length) parts.push(words.length === 1 ? words[0]! : `(${words.join(' AND ')})`);
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
  if (words.length) parts.push(words.length === 1 ? words[0]! : `(${words.join(' & ')})`);
  if (m.pinyin) {
    const prefix = (w: string) => `${quote(w)}:*B`;
    const joined = prefix(m.pinyin.join(''));
    const each = `(${m.pinyin.map(prefix).join(' & ')})`;
    parts.push(m.pinyin.length === 1 ? joined : `(${joined} | ${each})`);
  }
  return parts.length ? parts.join(' | ') : null;
}

function emptyFacets(): Facets {
  return Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as Facets;
}

function collectFacets(
  rows: { facet: string; value: string | null; n: number | string }[],
): Facets {
  const facets = emptyFacets();
  for (const r of rows) {
    if (r.value === null) continue;
    facets[r.facet as keyof Facets].push({ value: String(r.value), count: Number(r.n) });
  }
  for (const list of Object.values(facets))
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return facets;
}

const COLUMNS = sql`d.type, d.entity_id as "entityId", d.title, d.excerpt, d.url, d.subtype, d.published_at as "publishedAt"`;

/**
 * The matched set as a CTE `m(seq, score)` (lower score = better), per dialect; null match means
 * every document (browsing by filters only).
 */
function matchCte(
  dialect: DialectName,
  match: MatchExpression | null,
): RawBuilder<unknown> | 'none' {
  if (!match) return sql`select seq, 0 as score from search_documents`;
  if (dialect === 'sqlite') {
    const expr = fts5Expression(match);
    if (!expr) return 'none';
    // bm25 weights: title, body, name keys. bm25 is negative; lower is better.
    return sql`select rowid as seq, bm25(search_fts, 10.0, 1.0, 6.0) as score from search_fts where search_fts match ${expr}`;
  }
  const expr = tsqueryExpression(match);
  if (!expr) return 'none';
  return sql`select seq, -ts_rank(tsv, q, 1) as score from search_documents, cast(${expr} as tsquery) as q where tsv @@ q`;
}

class SqlSearchBackend implements SearchBackend {
  constructor(private readonly dialect: DialectName) {}

  async search(
    db: Executor,
    match: MatchExpression | null,
    filters: SearchFilters,
    sort: 'relevance' | 'date',
    limit: number,
    offset: number,
  ): Promise<{ rows: MatchedRow[]; facets: Facets }> {
    const m = matchCte(this.dialect, match);
    if (m === 'none') return { rows: [], facets: emptyFacets() };
    const where = filterConditions(this.dialect, filters);
    const order =
      sort === 'date'
        ? sql`d.published_at desc nulls last, m.score, d.seq`
        : sql`m.score, d.published_at desc nulls last, d.seq`;
    const rows = await sql<MatchedRow>`
      with m as (${m})
      select ${COLUMNS}, m.score as score
      from m join search_documents d on d.seq = m.seq
      where ${where}
      order by ${order}
      limit ${limit} offset ${offset}`.execute(db);
    const facetRows = await sql<{ facet: string; value: string | null; n: number }>`
      with m as (${m}), f as (select d.* from m join search_documents d on d.seq = m.seq where ${where})
      ${facetQuery(this.dialect)}`.execute(db);
    return {
      rows: rows.rows.map((r) => ({ ...r, score: Number(r.score) })),
      facets: collectFacets(facetRows.rows),
    };
  }
}

export function backendFor(dialect: DialectName): SearchBackend {
  return new SqlSearchBackend(dialect);
}
