import { pinyin } from 'pinyin-pro';

/**
 * Pinyin for words, not only names: the index's own vocabulary — the dictionary's terms and the
 * words of indexed titles, counted — keyed by each word's syllables joined (dizhizaihai) and, for
 * short words, by their initials (hp). A query in letters is mapped to those words in memory
 * (no table is read per request) and then searched as if they had been typed in characters.
 */

/** A word worth a pinyin key: two to eight Chinese characters. */
const HAN_WORD = /^\p{Script=Han}{2,8}$/u;
/** Words kept at most; past this, new words are not added (known ones are still counted). */
export const LEXICON_MAX_WORDS = 60_000;
/** Letters a pinyin query may have (spaces aside), and words it may be cut into. */
export const PINYIN_QUERY_MAX_LETTERS = 40;
const PINYIN_QUERY_MAX_PIECES = 6;
/** Alternatives one query word may become (homophones). */
const CANDIDATES_MAX = 3;
/** Words of this many characters at most are found by their initials (hp → 滑坡). */
const INITIALS_MAX_CHARS = 4;
/** A dictionary term outweighs any count of an indexed word. */
const DICTIONARY_WEIGHT = 1_000_000;

interface Entry {
  count: number;
  dictionary: boolean;
}

/** What a pinyin query was mapped to: the words of each group (all groups must match). */
export type PinyinWords = string[][];

export class PinyinLexicon {
  private readonly entries = new Map<string, Entry>();
  private readonly byFull = new Map<string, string[]>();
  private readonly byInitials = new Map<string, string[]>();

  get size(): number {
    return this.entries.size;
  }

  /**
   * Counts a word of an indexed title, or (`dictionary`, counted 0) adds a dictionary term.
   * Words not Chinese are skipped.
   */
  add(word: string, count = 1, dictionary = false): void {
    if (!HAN_WORD.test(word)) return;
    const known = this.entries.get(word);
    if (known) {
      known.count += count;
      known.dictionary ||= dictionary;
      return;
    }
    if (this.entries.size >= LEXICON_MAX_WORDS) return;
    const syllables = pinyin(word, { toneType: 'none', type: 'array', v: true }) as string[];
    if (syllables.length !== [...word].length || syllables.some((s) => !/^[a-z]+$/.test(s))) return;
    this.entries.set(word, { count, dictionary });
    push(this.byFull, syllables.join(''), word);
    if (syllables.length <= INITIALS_MAX_CHARS)
      push(this.byInitials, syllables.map((s) => s[0]).join(''), word);
  }

  /**
   * The words a pinyin query stands for, or null: the whole query as one word's syllables
   * (dizhizaihai, "di zhi zai hai") or initials (dzzh, hp); else each spaced piece as a word;
   * else the letters cut into the fewest words the lexicon knows (huapodizhi → 滑坡 地质).
   */
  lookup(pieces: string[]): PinyinWords | null {
    const joined = pieces.join('');
    if (joined.length < 2 || joined.length > PINYIN_QUERY_MAX_LETTERS) return null;
    const whole = this.words(joined, true);
    if (whole) return [whole];
    if (pieces.length > 1 && pieces.length <= PINYIN_QUERY_MAX_PIECES) {
      const each = pieces.map((p) => this.words(p, true));
      if (each.every((w): w is string[] => w !== null)) return each;
      // Spaces between syllables of two words ("dizhi zai hai"): cut the letters instead.
    }
    return this.cut(joined);
  }

  /** Homophones of these letters, the most used first (dictionary terms lead), or null. */
  private words(letters: string, initials: boolean): string[] | null {
    const found = [
      ...(this.byFull.get(letters) ?? []),
      ...(initials ? (this.byInitials.get(letters) ?? []) : []),
    ];
    if (found.length === 0) return null;
    const entry = (w: string) => this.entries.get(w)!;
    const weight = (w: string) => entry(w).count + (entry(w).dictionary ? DICTIONARY_WEIGHT : 0);
    const ranked = [...new Set(found)].sort((a, b) => weight(b) - weight(a) || (a < b ? -1 : 1));
    const top = entry(ranked[0]!);
    // Dictionary terms lead; among them (or among indexed words) one used less than a third as
    // often in titles as the first is more likely noise than meant.
    return ranked
      .filter((w) => entry(w).dictionary === top.dictionary && entry(w).count * 3 >= top.count)
      .slice(0, CANDIDATES_MAX);
  }

  /** The letters as the fewest words of full syllables (dynamic programming, bounded length). */
  private cut(letters: string): PinyinWords | null {
    const n = letters.length;
    const best: (number[] | null)[] = [[]];
    for (let end = 1; end <= n; end++) {
      best[end] = null;
      for (let start = Math.max(0, end - 24); start < end; start++) {
        const before = best[start];
        if (!before || !this.byFull.has(letters.slice(start, end))) continue;
        if (!best[end] || before.length + 1 < best[end]!.length) best[end] = [...before, start];
      }
    }
    const starts = best[n];
    if (!starts || starts.length < 2 || starts.length > PINYIN_QUERY_MAX_PIECES) return null;
    return starts.map((s, i) => this.words(letters.slice(s, starts[i + 1] ?? n), false)!);
  }
}

function push(map: Map<string, string[]>, key: string, word: string): void {
  const list = map.get(key);
  if (list) list.push(word);
  else map.set(key, [word]);
}
