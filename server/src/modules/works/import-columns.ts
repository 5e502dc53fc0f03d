import type { Locale } from '#platform/i18n.ts';
import type { ReferenceItem } from '../reference/schema.ts';
import type { ReferenceKind } from '../reference/seed-data.ts';

/** Text in both languages: a report is shown in one, the command line prints both. */
export type Both = { 'zh-CN': string; 'en-US': string };

export type ImportField =
  | 'title'
  | 'summary'
  | 'body'
  | 'type'
  | 'sectors'
  | 'topics'
  | 'audiences'
  | 'authors'
  | 'status'
  | 'publishedAt';

export interface ImportColumn {
  field: ImportField;
  label: Both;
  /** Other headers people write for the column (normalised with `headerKey`). */
  aliases?: string[];
  /** The taxonomy whose items the column takes, by code or name. */
  ref?: ReferenceKind;
  multi?: boolean;
  required?: boolean;
  note: Both;
}

/** The columns of a works import, in the template's order. */
export const IMPORT_COLUMNS: ImportColumn[] = [
  {
    field: 'title',
    label: { 'zh-CN': '标题', 'en-US': 'Title' },
    aliases: ['作品标题', '作品名称', '名称'],
    required: true,
    note: { 'zh-CN': '必填，最多 120 字', 'en-US': 'Required, up to 120 characters' },
  },
  {
    field: 'summary',
    label: { 'zh-CN': '摘要', 'en-US': 'Summary' },
    aliases: ['简介'],
    note: { 'zh-CN': '最多 500 字', 'en-US': 'Up to 500 characters' },
  },
  {
    field: 'body',
    label: { 'zh-CN': '正文', 'en-US': 'Body' },
    aliases: ['内容'],
    note: {
      'zh-CN': '纯文本（换行分段）或 HTML',
      'en-US': 'Plain text (a line break starts a paragraph) or HTML',
    },
  },
  {
    field: 'type',
    label: { 'zh-CN': '作品类型', 'en-US': 'Type' },
    aliases: ['类型', 'worktype'],
    ref: 'WORK_TYPE',
    required: true,
    note: { 'zh-CN': '必填，填名称或代码', 'en-US': 'Required; a name or a code' },
  },
  {
    field: 'sectors',
    label: { 'zh-CN': '领域', 'en-US': 'Sectors' },
    aliases: ['sector', '所属领域'],
    ref: 'SECTOR',
    multi: true,
    note: {
      'zh-CN': '名称或代码，多个用“、”或逗号分隔',
      'en-US': 'Names or codes, separated by commas or semicolons',
    },
  },
  {
    field: 'topics',
    label: { 'zh-CN': '主题', 'en-US': 'Topics' },
    aliases: ['topic', '专题'],
    ref: 'TOPIC',
    multi: true,
    note: {
      'zh-CN': '名称或代码，多个用“、”或逗号分隔',
      'en-US': 'Names or codes, separated by commas or semicolons',
    },
  },
  {
    field: 'audiences',
    label: { 'zh-CN': '受众', 'en-US': 'Audiences' },
    aliases: ['audience', '面向对象'],
    ref: 'AUDIENCE',
    multi: true,
    note: {
      'zh-CN': '名称或代码，多个用“、”或逗号分隔',
      'en-US': 'Names or codes, separated by commas or semicolons',
    },
  },
  {
    field: 'authors',
    label: { 'zh-CN': '作者', 'en-US': 'Authors' },
    aliases: ['author', '作者姓名'],
    multi: true,
    note: {
      'zh-CN': '姓名，多个用“、”或逗号分隔',
      'en-US': 'Names, separated by commas or semicolons',
    },
  },
  {
    field: 'status',
    label: { 'zh-CN': '状态', 'en-US': 'Status' },
    note: {
      'zh-CN': '草稿或已发布，不填为草稿；已发布须由单位管理员导入',
      'en-US':
        'Draft or published (draft when blank); only a unit administrator imports published works',
    },
  },
  {
    field: 'publishedAt',
    label: { 'zh-CN': '发布日期', 'en-US': 'Published on' },
    aliases: ['发布时间', 'publishedat', 'publicationdate', 'date'],
    note: {
      'zh-CN': '仅已发布作品：日期，如 2024-05-12（不填为导入当日）',
      'en-US': 'Published works only: a date such as 2024-05-12 (the import day when blank)',
    },
  },
];

/** Work statuses an import may bring, with the names people write. */
export const IMPORT_STATUSES: { code: 'DRAFT' | 'PUBLISHED'; label: Both; aliases: string[] }[] = [
  { code: 'DRAFT', label: { 'zh-CN': '草稿', 'en-US': 'Draft' }, aliases: ['未发布'] },
  {
    code: 'PUBLISHED',
    label: { 'zh-CN': '已发布', 'en-US': 'Published' },
    aliases: ['发布', '已公开'],
  },
];

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

const HEADERS = new Map<string, ImportField>();
for (const c of IMPORT_COLUMNS)
  for (const h of [c.field, c.label['zh-CN'], c.label['en-US'], ...(c.aliases ?? [])])
    HEADERS.set(headerKey(h), c.field);

/** The field a header names (the field's name, its Chinese or English label or an alias). */
export function fieldOfHeader(header: string): ImportField | undefined {
  return HEADERS.get(headerKey(header));
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

  static ofReference(items: ReferenceItem[]): Vocabulary {
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

export const STATUS_VOCABULARY = new Vocabulary(IMPORT_STATUSES);
