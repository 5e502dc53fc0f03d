import { type Both, headerKey, Vocabulary } from '#platform/import/vocabulary.ts';
import type { ReferenceKind } from '../reference/seed-data.ts';

export { type Both, cellParts, Vocabulary } from '#platform/import/vocabulary.ts';

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

const HEADERS = new Map<string, ImportField>();
for (const c of IMPORT_COLUMNS)
  for (const h of [c.field, c.label['zh-CN'], c.label['en-US'], ...(c.aliases ?? [])])
    HEADERS.set(headerKey(h), c.field);

/** The field a header names (the field's name, its Chinese or English label or an alias). */
export function fieldOfHeader(header: string): ImportField | undefined {
  return HEADERS.get(headerKey(header));
}

export const STATUS_VOCABULARY = new Vocabulary(IMPORT_STATUSES);
