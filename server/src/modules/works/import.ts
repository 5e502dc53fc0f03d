import { z } from 'zod';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import { loadGrants } from '#platform/auth/sessions.ts';
import type { Db } from '#platform/db/connect.ts';
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
import { listReference, referenceKeywordsOf } from '../reference/service.ts';
import * as repo from './repo.ts';
import { workDocuments } from './search.ts';
import { versionOf } from './service.ts';

/** One row of an import file, before checks against reference data. */
const ImportRowSchema = z.object({
  title: text(120),
  summary: z.string().trim().max(500).default(''),
  body: z.string().max(200_000).default(''),
  type: z.string().trim().min(1),
  sectors: z.array(z.string()).default([]),
  topics: z.array(z.string()).default([]),
  audiences: z.array(z.string()).default([]),
  authors: z.array(z.string().trim().min(1).max(60)).default([]),
  status: z.enum(['DRAFT', 'PUBLISHED']).default('DRAFT'),
  publishedAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});
type ImportRow = z.infer<typeof ImportRowSchema>;

export interface ImportError {
  row: number;
  field: string;
  message: string;
}

export interface ImportReport {
  rows: number;
  imported: number;
  errors: ImportError[];
  ms: number;
}

const BAD_JSON = Symbol('bad-json');

/** Lists in spreadsheet cells: "GEOLOGY, OCEAN" or "GEOLOGY、OCEAN". */
function splitList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (v === null || v === undefined || v === '') return [];
  return String(v)
    .split(/[,，、;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const MiB = 1024 * 1024;
/** A works workbook is an office's catalogue: larger than a list of bases, same checks. */
const WORKS_XLSX_LIMITS: XlsxLimits = {
  ...XLSX_LIMITS,
  maxBytes: 32 * MiB,
  maxEntryBytes: 128 * MiB,
  maxUncompressedBytes: 192 * MiB,
  maxRows: 100_001,
};

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
async function* readXlsx(file: string): AsyncGenerator<[number, unknown]> {
  let header: string[] | null = null;
  for await (const { row, cells } of readXlsxRows(
    await readXlsxFile(file, WORKS_XLSX_LIMITS),
    WORKS_XLSX_LIMITS,
  )) {
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

/**
 * Imports works from JSONL or xlsx, all or nothing: every row is checked first (schema, reference
 * codes); any error rejects the whole file with a row-level report, and nothing is written.
 * Published rows were checked elsewhere (an office import) and enter the portal and search: only
 * an administrator of the unit (or the platform) may bring them; anyone who may create works in
 * the unit may import drafts.
 */
export async function importWorks(
  db: Db,
  ctx: RequestContext,
  file: string,
  options: { organisationId: string; userId: string },
): Promise<ImportReport> {
  return importSlots.run(options.userId, () => importFile(db, ctx, file, options));
}

async function importFile(
  db: Db,
  ctx: RequestContext,
  file: string,
  options: { organisationId: string; userId: string },
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
  const codes = async (kind: 'WORK_TYPE' | 'SECTOR' | 'TOPIC' | 'AUDIENCE') =>
    new Set((await listReference(db, kind, false)).map((i) => i.code));
  const known = {
    type: await codes('WORK_TYPE'),
    sectors: await codes('SECTOR'),
    topics: await codes('TOPIC'),
    audiences: await codes('AUDIENCE'),
  };
  const source = file.toLowerCase().endsWith('.xlsx') ? readXlsx(file) : readJsonl(file);
  const errors: ImportError[] = [];
  const rows: ImportRow[] = [];
  let n = 0;
  for await (const [line, raw] of source) {
    n++;
    if (raw === BAD_JSON) {
      errors.push({ row: line, field: '(line)', message: '不是有效的 JSON / not valid JSON' });
      continue;
    }
    const obj = raw as Record<string, unknown>;
    // As every route refuses them: a NUL would fail the whole PostgreSQL transaction.
    const control = controlCharacterIssues(obj);
    if (control.length > 0) {
      for (const c of control)
        errors.push({
          row: line,
          field: c.instancePath.slice(1).replaceAll('/', '.') || '(row)',
          message: `包含不允许的控制字符 / contains a control character (${c.params.character})`,
        });
      continue;
    }
    const parsed = ImportRowSchema.safeParse({
      ...obj,
      sectors: splitList(obj.sectors),
      topics: splitList(obj.topics),
      audiences: splitList(obj.audiences),
      authors: splitList(obj.authors),
    });
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        errors.push({ row: line, field: i.path.join('.') || '(row)', message: i.message });
      continue;
    }
    const row = parsed.data;
    if (row.status === 'PUBLISHED' && !mayPublish)
      errors.push({
        row: line,
        field: 'status',
        message:
          '只有单位管理员或平台管理员可以导入已发布的作品 / only an administrator of the unit or the platform may import published works',
      });
    if (!known.type.has(row.type))
      errors.push({ row: line, field: 'type', message: `未知作品类型 / unknown type ${row.type}` });
    for (const f of ['sectors', 'topics', 'audiences'] as const) {
      const bad = row[f].filter((c) => !known[f].has(c));
      if (bad.length)
        errors.push({ row: line, field: f, message: `未知代码 / unknown codes ${bad.join(', ')}` });
    }
    rows.push(row);
    if (errors.length >= 1000) break;
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
      detail: { file: file.split('/').pop(), rows: rows.length },
    });
  });
  return { rows: n, imported: rows.length, errors: [], ms: Date.now() - started };
}
