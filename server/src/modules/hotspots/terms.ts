import type { Analyzer } from '#platform/search/analyzer.ts';

/** At most this many words of one query are counted (a pasted paragraph is not eight hundred terms). */
const MAX_WORDS = 8;
const MAX_WORD = 40;

/**
 * A search query as the signals count it: the words the search itself matches (the search
 * analyzer's jieba segmentation with the domain dictionary, NFKC, simplified characters, stop
 * words and lone characters dropped; each synonym group counted as its first member), and the
 * phrase (those words joined by a space) for the alert's top queries. No raw text is kept.
 */
export function queryWords(analyzer: Analyzer, q: string): { words: string[]; phrase: string } {
  const words = analyzer
    .queryGroups(q.slice(0, 200))
    .map((g) => g[0]!)
    .filter((w) => w.length <= MAX_WORD)
    .slice(0, MAX_WORDS);
  return { words, phrase: words.join(' ') };
}
