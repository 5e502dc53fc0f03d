import { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { loadGrants } from '#platform/auth/sessions.ts';
import type { Db } from '#platform/db/connect.ts';
import type { Locale } from '#platform/i18n.ts';
import { nowIso } from '#platform/ids.ts';
import { readJsonlLines } from '#platform/import/jsonl.ts';
import { JSONL_LIMITS, XLSX_LIMITS, type XlsxLimits } from '#platform/import/limits.ts';
import { importSlots } from '#platform/import/slots.ts';
import { readXlsxFile, readXlsxRows } from '#platform/import/xlsx.ts';
import { authorize, hasRoleOn } from '#platform/policy.ts';
import { sanitizeRichText } from '#platform/richtext.ts';
import { text } from '#platform/schemas.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import { controlCharacterIssues } from '#platform/validation.ts';
import { requireOrganisationRef } from '../organisations/service.ts';
import type { ReferenceKind } from '../reference/seed-data.ts';
import { listReference, referenceKeywordsOf } from '../reference/service.ts';
import {
  type Both,
  cellParts,
  fieldOfHeader,
  IMPORT_COLUMNS,
  type ImportField,
  STATUS_VOCABULARY,
  Vocabulary,
} from './import-columns.ts';
import * as repo from './repo.ts';
import { workDocuments } from './search.ts';
import { versionOf } from './service.ts';

/** The free-text fields of a row, checked after codes and names are resolved. */
const ImportRowSchema = z.object({
  title: text(120),
  summary: z.string().trim().max(500).default(''),
  body: z.string().max(200_000).default(''),
  authors: z.array(z.string().trim().min(1).max(60)).default([]),
  publishedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
interface ImportRow extends z.infer<typeof ImportRowSchema> {
  type: string;
  sectors: string[];
  topics: string[];
  audiences: string[];
  status: 'DRAFT' | 'PUBLISHED';
}

export interface ImportError {
  row: number;
  /** The field (`title`, `sectors`, …) or `(line)` / `(row)`. */
  field: string;
  /** The column as the file names it (its header, or the JSON key), else the field's label. */
  column: string;
  message: string;
}

export interface ImportReport {
  rows: number;
  imported: number;
  errors: ImportError[];
  ms: number;
}

const BAD_JSON = Symbol('bad-json');

const MiB = 1024 * 1024;
/** A works workbook is an office's catalogue: larger than a list of bases, same checks. */
const WORKS_XLSX_LIMITS: XlsxLimits = {
  ...XLSX_LIMITS,
  maxBytes: 32 * MiB,
  maxEntryBytes: 128 * MiB,
  maxUncompressedBytes: 192 * MiB,
  maxRows: 100_001,
};
/** A workbook uploaded in the console is held in memory: the platform's archive limits. */
export const WORKS_UPLOAD_LIMITS: XlsxLimits = {
  ...WORKS_XLSX_LIMITS,
  maxBytes: XLSX_LIMITS.maxBytes,
};

/** An unknown code or name, with the values the column takes. */
function unknownValues(values: string[], vocabulary: Vocabulary): Both {
  return {
    'zh-CN': `未知的值“${values.join('”“')}”。可选值：${vocabulary.describe('zh-CN')}`,
    'en-US': `unknown value "${values.join('", "')}". Allowed values: ${vocabulary.describe('en-US')}`,
  };
}

/** Lines of a JSONL file with their line numbers, within the import limits. */
async function* readJsonl(file: string): AsyncGenerator<[number, unknown]> {
  for await (const [n, line] of readJsonlLines(file, JSONL_LIMITS)) {
    if (!line.trim()) continue;
    try {
      yield [n, JSON.parse(line)];
    } catch {
      yield [n, BAD_JSON];
    }
  }
}

/** Rows of the first sheet as objects keyed by the header row, with their sheet row numbers. */
async function* readXlsx(bytes: Buffer, limits: XlsxLimits): AsyncGenerator<[number, unknown]> {
  let header: string[] | null = null;
  for await (const { row, cells } of readXlsxRows(bytes, limits)) {
    if (!header) {
      header = Array.from(cells, (v) => (v === undefined || v === null ? '' : String(v).trim()));
      continue;
    }
    const obj: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const v = cells[i];
      // An empty cell is an absent field.
      if (!h || v === undefined || v === null || v === '') return;
      obj[h] = v instanceof Date ? v.toISOString() : v;
    });
    if (Object.keys(obj).length) yield [row, obj];
  }
}

/** Where the works come from: a file on disk (.jsonl or .xlsx), or an uploaded workbook. */
export type ImportSource = string | { xlsx: Buffer; name: string };

export interface ImportOptions {
  organisationId: string;
  userId: string;
  /** The report's language; without it every message is given in both ("中文 / English"). */
  locale?: Locale;
}

/**
 * Imports works from JSONL or xlsx, all or nothing: every row is checked first (schema, reference
 * codes or names, statuses in any case); any error rejects the whole file with a report by row
 * and column, and nothing is written.
 * Published rows were checked elsewhere (an office import) and enter the portal and search: only
 * an administrator of the unit (or the platform) may bring them; anyone who may create works in
 * the unit may import drafts.
 */
export async function importWorks(
  db: Db,
  ctx: RequestContext,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportReport> {
  return importSlots.run(options.userId, () => importFile(db, ctx, source, options));
}

/** 2024/5/12, 2024.05.12, 2024年5月12日 → 2024-05-12; anything else as it is. */
function dateText(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^(\d{4})\s*[./年-]\s*(\d{1,2})\s*[./月-]\s*(\d{1,2})\s*日?$/.exec(
    v.normalize('NFKC').trim(),
  );
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : v;
}

/** A schema issue as a report's message, in both languages. */
function issueText(i: z.core.$ZodIssue): Both {
  const [zh, en] = i.message.split(' / ');
  if (en !== undefined && zh) return { 'zh-CN': zh, 'en-US': en };
  switch (i.code) {
    case 'too_big':
      return {
        'zh-CN': `最多 ${String(i.maximum)} 个字符`,
        'en-US': `at most ${String(i.maximum)} characters`,
      };
    case 'too_small':
      return { 'zh-CN': '不能为空', 'en-US': 'must not be empty' };
    case 'invalid_type':
      return i.input === undefined
        ? { 'zh-CN': '必填', 'en-US': 'is required' }
        : { 'zh-CN': '应为文本', 'en-US': 'must be text' };
    case 'invalid_union':
    case 'invalid_format':
      return i.path[0] === 'publishedAt'
        ? { 'zh-CN': '应为日期，如 2024-05-12', 'en-US': 'must be a date such as 2024-05-12' }
        : { 'zh-CN': '格式不正确', 'en-US': 'is invalid' };
    default:
      return { 'zh-CN': '格式不正确', 'en-US': 'is invalid' };
  }
}

async function importFile(
  db: Db,
  ctx: RequestContext,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const started = Date.now();
  const org = await requireOrganisationRef(db, options.organisationId);
  const actor = authorize(
    {
      userId: options.userId,
      username: '',
      grants: await loadGrants(db, options.userId),
      mfaPassed: true,
    },
    'work.create',
    { orgPath: org.path },
  );
  const mayPublish = hasRoleOn(actor, ['ORG_ADMIN'], org.path);
  const vocabulary = async (kind: ReferenceKind) =>
    Vocabulary.ofReference(await listReference(db, kind, false));
  const known = {
    type: await vocabulary('WORK_TYPE'),
    sectors: await vocabulary('SECTOR'),
    topics: await vocabulary('TOPIC'),
    audiences: await vocabulary('AUDIENCE'),
  };
  const { locale } = options;
  const say = (m: Both) => (locale ? m[locale] : `${m['zh-CN']} / ${m['en-US']}`);
  const label = (f: ImportField) =>
    IMPORT_COLUMNS.find((c) => c.field === f)?.label[locale ?? 'zh-CN'] ?? f;
  const rowsOf =
    typeof source !== 'string'
      ? readXlsx(source.xlsx, WORKS_UPLOAD_LIMITS)
      : source.toLowerCase().endsWith('.xlsx')
        ? readXlsx(await readXlsxFile(source, WORKS_XLSX_LIMITS), WORKS_XLSX_LIMITS)
        : readJsonl(source);
  const errors: ImportError[] = [];
  const rows: ImportRow[] = [];
  let n = 0;
  for await (const [line, raw] of rowsOf) {
    n++;
    // Past 1,000 errors the rest is only read: the report is long enough, the limits still hold.
    if (errors.length >= 1000) continue;
    if (raw === BAD_JSON || raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({
        row: line,
        field: '(line)',
        column: '(line)',
        message: say({ 'zh-CN': '不是有效的 JSON 对象', 'en-US': 'not a valid JSON object' }),
      });
      continue;
    }
    // The row's values by field, and the column each came from (its header or key as written).
    const values: Partial<Record<ImportField, unknown>> = {};
    const columns: Partial<Record<string, string>> = {};
    for (const [key, v] of Object.entries(raw)) {
      const f = fieldOfHeader(key);
      if (!f) continue;
      values[f] = v;
      columns[f] = key;
    }
    const columnOf = (field: string) => {
      const [f = '', ...rest] = field.split('.');
      const c = columns[f] ?? label(f as ImportField);
      return rest.length ? `${c}.${rest.join('.')}` : c;
    };
    const bad = (field: string, message: Both) =>
      errors.push({ row: line, field, column: columnOf(field), message: say(message) });
    // As every route refuses them: a NUL would fail the whole PostgreSQL transaction.
    const control = controlCharacterIssues(values);
    if (control.length > 0) {
      for (const c of control)
        bad(c.instancePath.slice(1).replaceAll('/', '.') || '(row)', {
          'zh-CN': `包含不允许的控制字符 (${c.params.character})`,
          'en-US': `contains a control character (${c.params.character})`,
        });
      continue;
    }
    const asText = (v: unknown) =>
      v === undefined || v === null ? undefined : typeof v === 'object' ? v : String(v);
    const parsed = ImportRowSchema.safeParse({
      title: asText(values.title),
      summary: asText(values.summary),
      body: asText(values.body),
      authors: Array.isArray(values.authors) ? values.authors : cellParts(values.authors),
      publishedAt: dateText(asText(values.publishedAt)),
    });
    if (!parsed.success)
      for (const i of parsed.error.issues) bad(i.path.join('.') || '(row)', issueText(i));

    const typeText = String(asText(values.type) ?? '').trim();
    const type = typeText ? known.type.code(typeText) : undefined;
    if (!typeText) bad('type', { 'zh-CN': '必填', 'en-US': 'is required' });
    else if (!type) bad('type', unknownValues([typeText], known.type));
    const statusText = String(asText(values.status) ?? '').trim();
    const status = statusText ? STATUS_VOCABULARY.code(statusText) : 'DRAFT';
    if (!status) bad('status', unknownValues([statusText], STATUS_VOCABULARY));
    else if (status === 'PUBLISHED' && !mayPublish)
      bad('status', {
        'zh-CN': '只有单位管理员或平台管理员可以导入已发布的作品',
        'en-US': 'only an administrator of the unit or the platform may import published works',
      });
    const tags = { sectors: [] as string[], topics: [] as string[], audiences: [] as string[] };
    for (const f of ['sectors', 'topics', 'audiences'] as const) {
      const r = known[f].codes(values[f]);
      tags[f] = r.codes;
      if (r.unknown.length) bad(f, unknownValues(r.unknown, known[f]));
    }
    if (parsed.success && type && status)
      rows.push({ ...parsed.data, type, status: status as ImportRow['status'], ...tags });
  }
  if (errors.length) return { rows: n, imported: 0, errors, ms: Date.now() - started };

  const engine = searchEngineFor(db, ctx.dialect);
  await db.transaction().execute(async (tx) => {
    const at = nowIso();
    const keywordsOf = await referenceKeywordsOf(tx);
    // Published rows are indexed from the rows in hand, analysed on worker threads for a large
    // file while this thread writes.
    await engine.bulk(
      tx,
      async (index) => {
        for (let i = 0; i < rows.length; i += 500) {
          const batch = rows.slice(i, i + 500).map((r) => {
            const published = r.status === 'PUBLISHED';
            const publishedAt = published ? new Date(r.publishedAt ?? at).toISOString() : null;
            return repo.newWorkRow({
              type: r.type,
              status: r.status,
              title: r.title,
              summary: r.summary,
              body: sanitizeRichText(
                r.body.includes('<')
                  ? r.body
                  : r.body
                      .split(/\n+/)
                      .map((p) => `<p>${p}</p>`)
                      .join(''),
              ),
              authors: JSON.stringify(r.authors.map((name) => ({ name, role: 'AUTHOR' }))),
              organisationId: org.id,
              createdBy: options.userId,
              sectors: JSON.stringify([...new Set(r.sectors)]),
              topics: JSON.stringify([...new Set(r.topics)]),
              audiences: JSON.stringify([...new Set(r.audiences)]),
              checkedVersion: published ? 1 : null,
              publishedVersion: published ? 1 : null,
              publishedAt,
              createdAt: at,
            });
          });
          await repo.insertWorks(tx, batch);
          await repo.insertVersions(
            tx,
            batch.map((w) => versionOf(w, 1, options.userId, '导入 / imported', at)),
          );
          const published = batch.filter((w) => w.status === 'PUBLISHED');
          if (published.length) await index(workDocuments(keywordsOf, published));
        }
      },
      { expected: rows.filter((r) => r.status === 'PUBLISHED').length },
    );
    await recordAudit(tx, ctx, {
      action: 'work.import',
      entityType: 'work',
      organisationId: org.id,
      detail: {
        file: typeof source === 'string' ? source.split('/').pop() : source.name,
        rows: rows.length,
      },
    });
  });
  return { rows: n, imported: rows.length, errors: [], ms: Date.now() - started };
}
