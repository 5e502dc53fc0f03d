import type { MatchExpression } from './types.ts';

/** Query text for each index: FTS5's MATCH syntax and PostgreSQL's tsquery, from an analyzed query. */

/** A phrase in FTS5 query text: in double quotes, a double quote doubled. */
export const fts5Quote = (t: string) => `"${t.replaceAll('"', '""')}"`;
/** A lexeme in tsquery text: in single quotes, quotes and backslashes escaped. */
const tsQuote = (t: string) => `'${t.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

const TEXT_COLUMNS = 'title_tokens body_tokens name_keys tag_tokens';
/** The heavily weighted columns: a document with the words there leads the ranking. */
export const HEAD_COLUMNS = 'title_tokens name_keys tag_tokens';

/** A member of a group: a word, or a compound's parts ("湿地 保护") all required. */
function member(w: string, quote: (t: string) => string, and: string): string {
  const parts = w.split(' ');
  return parts.length === 1 ? quote(w) : `(${parts.map(quote).join(and)})`;
}

/** Every way to keep `k` of the items, in order: the alternatives of a relaxed match. */
function choose<T>(items: T[], k: number): T[][] {
  if (k <= 0) return [[]];
  if (k >= items.length) return [items];
  const [first, ...rest] = items as [T, ...T[]];
  return [...choose(rest, k - 1).map((c) => [first, ...c]), ...choose(rest, k)];
}

/** How many ways there are to keep `k` of `n` (the size of a relaxed match's expression). */
export function combinations(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/**
 * Words of a match joined with the dialect's AND and OR: precise (all), or relaxed (all but
 * `missing`, one unless said: every way to keep the rest, ORed).
 */
function wordsExpression(
  words: string[],
  m: Pick<MatchExpression, 'relaxed' | 'missing'>,
  and: string,
  or: string,
): string | null {
  const all = (ws: string[]) => (ws.length === 1 ? ws[0]! : `(${ws.join(and)})`);
  if (words.length === 0) return null;
  if (m.relaxed && words.length > 1) {
    const keep = Math.max(1, words.length - (m.missing ?? 1));
    return `(${choose(words, keep).map(all).join(or)})`;
  }
  return all(words);
}

/** FTS5 query text: ("可燃冰" OR "天然气水合物") AND "开采", or a pinyin prefix on the name keys. */
export function fts5Expression(m: MatchExpression, columns = TEXT_COLUMNS): string | null {
  const quote = fts5Quote;
  const one = (w: string) => member(w, quote, ' AND ');
  const words = m.groups.map((g) => (g.length === 1 ? one(g[0]!) : `(${g.map(one).join(' OR ')})`));
  const parts: string[] = [];
  const text = wordsExpression(words, m, ' AND ', ' OR ');
  // Words are looked for in the text columns only, never among the facet keys.
  if (text) parts.push(`({${columns}} : ${text.startsWith('(') ? text : `(${text})`})`);
  if (m.pinyin) {
    const prefix = (w: string) => `name_keys : ${quote(w)} *`;
    const joined = prefix(m.pinyin.join(''));
    const each = `(${m.pinyin.map(prefix).join(' AND ')})`;
    parts.push(m.pinyin.length === 1 ? `(${joined})` : `(${joined} OR ${each})`);
  }
  return parts.length ? parts.join(' OR ') : null;
}

/**
 * The rank keys of a match's head words in length tiers `from` to `to` (24_化石 OR 25_化石 …),
 * each group ANDed, a pinyin prefix per tier (24_lisi*); null for a relaxed match. `or`, `and`,
 * `quote` and `prefix` are the dialect's. A match with a compound's parts has none either: it
 * is answered after the documents holding the compound itself.
 */
function rankExpression(
  m: MatchExpression,
  { from, to }: Tiers,
  syntax: { and: string; or: string; quote: (t: string) => string; prefix: (t: string) => string },
): string | null {
  if (m.relaxed || m.groups.some((g) => g.some((w) => w.includes(' ')))) return null;
  const tiers = Array.from({ length: to - from + 1 }, (_, t) => from + t);
  const any = (list: string[]) => (list.length === 1 ? list[0]! : `(${list.join(syntax.or)})`);
  const parts: string[] = [];
  if (m.groups.length)
    parts.push(
      `(${m.groups.map((g) => any(tiers.flatMap((t) => g.map((w) => syntax.quote(`${t}_${w}`))))).join(syntax.and)})`,
    );
  if (m.pinyin) {
    const py = m.pinyin;
    const inTier = (t: number) => {
      const joined = syntax.prefix(`${t}_${py.join('')}`);
      return py.length === 1
        ? joined
        : `(${joined}${syntax.or}(${py.map((w) => syntax.prefix(`${t}_${w}`)).join(syntax.and)}))`;
    };
    parts.push(any(tiers.map(inTier)));
  }
  return parts.length ? parts.join(syntax.or) : null;
}

/** A range of length tiers, both included. */
export interface Tiers {
  from: number;
  to: number;
}

export function fts5RankExpression(m: MatchExpression, tiers: Tiers): string | null {
  return rankExpression(m, tiers, {
    and: ' AND ',
    or: ' OR ',
    quote: fts5Quote,
    prefix: (t) => `${fts5Quote(t)} *`,
  });
}

export function tsqueryRankExpression(m: MatchExpression, tiers: Tiers): string | null {
  return rankExpression(m, tiers, {
    and: ' & ',
    or: ' | ',
    quote: tsQuote,
    prefix: (t) => `${tsQuote(t)}:*`,
  });
}

/** tsquery text: ('可燃冰' | '天然气水合物') & '开采', or a pinyin prefix restricted to weight B. */
export function tsqueryExpression(m: MatchExpression): string | null {
  const quote = tsQuote;
  const one = (w: string) => member(w, quote, ' & ');
  const words = m.groups.map((g) => (g.length === 1 ? one(g[0]!) : `(${g.map(one).join(' | ')})`));
  const parts: string[] = [];
  const text = wordsExpression(words, m, ' & ', ' | ');
  if (text) parts.push(text);
  if (m.pinyin) {
    const prefix = (w: string) => `${quote(w)}:*B`;
    const joined = prefix(m.pinyin.join(''));
    const each = `(${m.pinyin.map(prefix).join(' & ')})`;
    parts.push(m.pinyin.length === 1 ? joined : `(${joined} | ${each})`);
  }
  return parts.length ? parts.join(' | ') : null;
}
