import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';

/** The editable vocabulary: domain words that stay one token, and synonym groups. */
export interface Vocabulary {
  /** Domain terms (天然气水合物, 干热岩 …): segmented as one word, also found by their parts. */
  words: string[];
  /** Each group's members find each other (可燃冰 = 天然气水合物). */
  synonyms: string[][];
  /**
   * Narrower terms, one way: a search for the broader term also finds them (化石 → 恐龙, 宝石 →
   * 水晶), a search for the narrower one does not find everything broader.
   */
  narrower?: [string, string[]][];
}

/** Function words that carry no meaning for search. */
const STOPWORDS = new Set(
  [
    // particles, pronouns, conjunctions
    '的 了 和 与 及 以及 在 是 对 等 为 中 从 把 被 或 而 也 就 都 之 其 这 那 个 一个 我们 你们 他们 它 着 过 吗 呢 啊 吧 并 于 由 又 及其',
    // question words: 泥石流来了怎么逃生 is about 泥石流 and 逃生
    '如何 什么 怎么 怎样 怎么办 为什么 为何 哪些 哪里 是否 是不是 会不会 能不能 可不可以 真的 可以 能 会 要 该 应该 有没有',
  ]
    .join(' ')
    .split(' '),
);
const WORD_CHAR = /[\p{L}\p{N}]/u;
/**
 * jieba's dictionary file, read for each analyzer and let go once loaded: the package's `dict.js`
 * would keep it and the unused IDF table (11 MiB together) in memory for the process's life.
 */
const DICT_FILE = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const twToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** A token worth indexing: has a letter or digit, is not a stopword. */
function keep(token: string): boolean {
  return WORD_CHAR.test(token) && !STOPWORDS.has(token);
}

/** A highlighted stretch of the original text: [start, end) in UTF-16 units. */
export type Range = [number, number];

/**
 * Chinese text analysis shared by indexing and querying: NFKC, lower case, traditional →
 * simplified, jieba segmentation with the domain dictionary, synonyms, pinyin for names.
 */
export class Analyzer {
  private readonly jieba: Jieba;
  private readonly synonymsOf = new Map<string, string[]>();
  private readonly narrowerOf = new Map<string, string[]>();

  constructor(readonly vocabulary: Vocabulary) {
    this.jieba = Jieba.withDict(fs.readFileSync(DICT_FILE));
    const words = new Set(
      [
        ...vocabulary.words,
        ...vocabulary.synonyms.flat(),
        ...(vocabulary.narrower ?? []).flatMap(([b, ns]) => [b, ...ns]),
      ].map((w) => this.normalize(w)),
    );
    // A high frequency makes jieba keep the term whole; search mode still emits its parts.
    const lines = [...words].filter((w) => w.length > 1).map((w) => `${w} 200000 n`);
    if (lines.length) this.jieba.loadDict(Buffer.from(lines.join('\n')));
    for (const group of vocabulary.synonyms) {
      const members = [...new Set(group.map((w) => this.normalize(w)).filter(Boolean))];
      for (const m of members) {
        const others = members.filter((x) => x !== m);
        this.synonymsOf.set(m, [...new Set([...(this.synonymsOf.get(m) ?? []), ...others])]);
      }
    }
    for (const [broader, narrower] of vocabulary.narrower ?? []) {
      const b = this.normalize(broader);
      const ns = narrower.map((w) => this.normalize(w)).filter((w) => w && w !== b);
      this.narrowerOf.set(b, [...new Set([...(this.narrowerOf.get(b) ?? []), ...ns])]);
    }
  }

  /** NFKC (full-width → half-width), lower case, traditional → simplified. */
  normalize(text: string): string {
    return twToSimplified(toSimplified(text.normalize('NFKC').toLowerCase()));
  }

  /** Index tokens: search mode, so 天然气水合物 is found by itself and by 水合物. */
  indexTokens(text: string): string[] {
    const normalized = this.normalize(text);
    return this.jieba
      .cutForSearch(normalized, true)
      .map((t) => t.trim())
      .filter(keep);
  }

  /**
   * A query as groups of alternatives: every group must match (AND), any member of a group may
   * (OR, for synonyms). Segmented precisely, so 上海洋山港 is 上海 + 洋山港, never 海洋.
   */
  queryGroups(query: string): string[][] {
    const normalized = this.normalize(query);
    const groups: string[][] = [];
    const seen = new Set<string>();
    for (const chunk of normalized.split(/[\s,，。;；、|]+/).filter(Boolean)) {
      for (const raw of this.jieba.cut(chunk, true)) {
        const token = raw.trim();
        if (!keep(token) || seen.has(token)) continue;
        seen.add(token);
        groups.push(this.expand([token]));
      }
    }
    // A lone character (来, 蛋, 了) is rarely what a question is about; keep it only when it is all
    // the query has.
    const words = groups.filter((g) => [...g[0]!].length > 1);
    return words.length > 0 ? words : groups;
  }

  /** Words and what they also stand for: their synonyms, then their narrower terms. */
  expand(words: string[]): string[] {
    const same = words.flatMap((w) => [w, ...(this.synonymsOf.get(w) ?? [])]);
    const below = same.flatMap((w) => this.narrowerOf.get(w) ?? []);
    return [...new Set([...same, ...below])];
  }

  /** Every term of the domain vocabulary (words, synonyms, narrower terms), normalized. */
  terms(): string[] {
    return [
      ...new Set(
        [
          ...this.vocabulary.words,
          ...this.vocabulary.synonyms.flat(),
          ...(this.vocabulary.narrower ?? []).flatMap(([b, ns]) => [b, ...ns]),
        ].map((w) => this.normalize(w)),
      ),
    ];
  }

  /**
   * The parts of a compound query word, as indexing cuts them in search mode: 湿地保护 → 湿地 +
   * 保护, so a text saying 保护湿地 is found too. The longest piece at each place, every
   * character covered by a piece of two or more; null when the word does not split so.
   */
  compoundParts(word: string): string[] | null {
    if ([...word].length < 4 || !/^\p{Script=Han}+$/u.test(word)) return null;
    const pieces = this.jieba
      .cutForSearch(word, true)
      .map((p) => p.trim())
      .filter((p) => p !== word && p.length > 1);
    const parts: string[] = [];
    for (let at = 0; at < word.length; ) {
      const here = pieces
        .filter((p) => word.startsWith(p, at))
        .sort((a, b) => b.length - a.length)[0];
      if (!here) return null;
      parts.push(here);
      at += here.length;
    }
    const kept = parts.filter(keep);
    return kept.length > 1 ? kept : null;
  }

  /**
   * Pinyin keys of a name (people, bases, units): the whole name's syllables joined
   * (zhongguodizhibowuguan), its initials (zgdzbwg), and each word's (dizhi, bowuguan), so a
   * pinyin query finds the name by any of its words.
   */
  pinyinTokens(name: string): string[] {
    const han = this.normalize(name).replace(/[^\p{Script=Han}]/gu, '');
    if (!han) return [];
    const spell = (text: string) =>
      pinyin(text, { toneType: 'none', type: 'array', v: true }) as string[];
    const syllables = spell(han);
    const words = this.jieba.cut(han, true).map((w) => spell(w).join(''));
    return [...new Set([syllables.join(''), syllables.map((s) => s[0] ?? '').join(''), ...words])];
  }

  /** A query in pinyin: its words (zhang wei → [zhang, wei]); null when it is not letters only. */
  pinyinQuery(query: string): string[] | null {
    if (query.length > 200) return null;
    const text = query
      .normalize('NFKC')
      .toLowerCase()
      .replace(/['’-]+/g, '')
      .trim();
    if (!/^[a-z]+(\s+[a-z]+)*$/.test(text) || text.replace(/\s/g, '').length < 2) return null;
    return text.split(/\s+/).slice(0, 8);
  }

  /**
   * Where the query's words stand in `text` as whole words of the text's own segmentation (so
   * 海洋 is not marked inside 上海洋山港). Works on the original text: traditional → simplified
   * keeps character positions for the characters jieba sees.
   */
  highlightRanges(text: string, groups: string[][]): Range[] {
    // A compound's parts ("湿地 保护") are marked each where they stand.
    const wanted = new Set(groups.flat().flatMap((w) => w.split(' ')));
    if (wanted.size === 0) return [];
    const normalized = this.normalize(text);
    if (normalized.length !== text.length) return [];
    // A word that is nowhere in the text is in none of its tokens: most texts need no cutting.
    const present = [...wanted].filter((w) => normalized.includes(w));
    if (present.length === 0) return [];
    const ranges: Range[] = [];
    let offset = 0;
    for (const token of this.jieba.cut(normalized, true)) {
      if (wanted.has(token)) ranges.push([offset, offset + token.length]);
      else if (token.length > 2 && present.some((w) => w !== token && token.includes(w))) {
        // Parts that search mode indexed (水合物 inside 天然气水合物).
        for (const part of this.jieba.cutForSearch(token, true)) {
          if (part !== token && wanted.has(part)) {
            const at = token.indexOf(part);
            ranges.push([offset + at, offset + at + part.length]);
          }
        }
      }
      offset += token.length;
    }
    return mergeRanges(ranges);
  }
}

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
