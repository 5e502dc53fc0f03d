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
export function fts5Expression(m: MatchExpression): string | null {
  const quote = (t: string) => `"${t.replaceAll('"', '""')}"`;
  const words = m.groups.map((g) =>
    g.length === 1 ? quote(g[0]!) : `(${g.map(quote).join(' OR ')})`,
  );
  const parts: string[] = [];
  const text = wordsExpression(words, !!m.relaxed, ' AND ', ' OR ');
  if (text) parts.push(text);
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
 * The matched set as a CTE `m(seq, score, strict)` (lower score = better; strict = 1 when the
 * document has every group), per dialect; a null match is every document (browsing by filters).
 */
function matchCte(
  dialect: DialectName,
  match: MatchExpression | null,
): RawBuilder<unknown> | 'none' {
  if (!match) return sql`select seq, 0 as score, 1 as strict from search_documents`;
  const precise = { ...match, relaxed: false };
  if (dialect === 'sqlite') {
    const expr = fts5Expression(match);
    if (!expr) return 'none';
    const strict = match.relaxed
      ? sql`(rowid in (select rowid from search_fts where search_fts match ${fts5Expression(precise)}))`
      : sql`1`;
    // bm25 weights: title, body, name keys, tags. bm25 is negative; lower is better.
    return sql`select rowid as seq, bm25(search_fts, 10.0, 1.0, 6.0, 4.0) as score, ${strict} as strict from search_fts where search_fts match ${expr}`;
  }
  const expr = tsqueryExpression(match);
  if (!expr) return 'none';
  const strict = match.relaxed
    ? sql`case when tsv @@ cast(${tsqueryExpression(precise)} as tsquery) then 1 else 0 end`
    : sql`1`;
  return sql`select seq, -ts_rank(tsv, q, 1) as score, ${strict} as strict from search_documents, cast(${expr} as tsquery) as q where tsv @@ q`;
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
        : sql`m.strict desc, m.score, d.published_at desc nulls last, d.seq`;
    const rows = await sql<MatchedRow>`
      with m as (${m})
      select ${COLUMNS}, m.score as score
      from m join search_documents d on d.seq = m.seq
      where ${where}
      order by ${order}
      limit ${limit} offset ${offset}`.execute(db);
    const facetRows = await sql<{ facet: string; value: string | null; n: number }>`
      with m as materialized (${m}),
        f as materialized (select d.type, d.sectors, d.topics, d.audiences, d.region, d.year from m join search_documents d on d.seq = m.seq where ${where})
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
