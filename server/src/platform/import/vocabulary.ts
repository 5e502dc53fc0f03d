import type { Locale } from '../i18n.ts';

/** Text in both languages: a report is shown in one, the command line prints both. */
export type Both = { 'zh-CN': string; 'en-US': string };

/**
 * A value as compared: compatibility forms folded (full-width letters, digits and punctuation to
 * half-width), case ignored, runs of spaces one space, no spaces around commas.
 */
export function valueKey(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*,\s*/g, ',')
    .trim();
}

/** A header as compared: also without spaces, underscores, hyphens and a required mark. */
export function headerKey(s: string): string {
  return valueKey(s).replace(/[\s_\-*＊]+/g, '');
}

/** One taxonomy, looked up by code, Chinese name or English name (and each part of a "甲/乙" name). */
export class Vocabulary {
  private readonly byKey = new Map<string, string>();
  constructor(readonly items: { code: string; label: Both; aliases?: string[] }[]) {
    const parts = new Map<string, Set<string>>();
    for (const i of items) {
      for (const k of [i.code, i.label['zh-CN'], i.label['en-US'], ...(i.aliases ?? [])])
        this.byKey.set(valueKey(k), i.code);
      for (const p of i.label['zh-CN'].split('/')) {
        const k = valueKey(p);
        if (!k) continue;
        parts.set(k, (parts.get(k) ?? new Set()).add(i.code));
      }
    }
    // "图文" for "图文/图解/挂图", when no other item has that part.
    for (const [k, codes] of parts)
      if (codes.size === 1 && !this.byKey.has(k)) this.byKey.set(k, [...codes][0]!);
  }

  /** Reference items (code, nameZh, nameEn) as a vocabulary. */
  static ofReference(items: { code: string; nameZh: string; nameEn: string }[]): Vocabulary {
    return new Vocabulary(
      items.map((i) => ({ code: i.code, label: { 'zh-CN': i.nameZh, 'en-US': i.nameEn } })),
    );
  }

  code(value: string): string | undefined {
    return this.byKey.get(valueKey(value));
  }

  /**
   * Codes of a cell listing several values, separated by commas, semicolons, 、 or line breaks
   * (full-width or half-width); a name that holds a comma ("Surveying, mapping and
   * geoinformation") is read whole, and a part that is no value may be values separated by
   * spaces ("GEOLOGY OCEAN").
   */
  codes(cell: unknown): { codes: string[]; unknown: string[] } {
    const parts = (Array.isArray(cell) ? cell.map(String) : cellParts(cell)).filter(Boolean);
    const codes: string[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < parts.length; ) {
      let j = parts.length;
      let code: string | undefined;
      for (; j > i; j--) {
        code = this.code(parts.slice(i, j).join(','));
        if (code) break;
      }
      if (code) {
        codes.push(code);
        i = j;
        continue;
      }
      const words = parts[i]!.split(/\s+/).filter(Boolean);
      const byWord = words.map((w) => this.code(w));
      if (words.length > 1 && byWord.every(Boolean)) codes.push(...(byWord as string[]));
      else unknown.push(parts[i]!);
      i++;
    }
    return { codes: [...new Set(codes)], unknown };
  }

  /** The allowed values for a report: names in the language, with their codes. */
  describe(locale: Locale, max = 30): string {
    const shown = this.items
      .slice(0, max)
      .map((i) => `${i.label[locale]} (${i.code})`)
      .join(locale === 'zh-CN' ? '、' : ', ');
    return this.items.length > max ? `${shown} …` : shown;
  }
}

/** The parts of a multi-value cell, trimmed (separators: , ， ; ； 、 and line breaks). */
export function cellParts(cell: unknown): string[] {
  if (cell === null || cell === undefined) return [];
  return String(cell)
    .normalize('NFKC')
    .split(/[,;、\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
