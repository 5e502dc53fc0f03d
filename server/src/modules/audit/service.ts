import { verifyAuditChain } from '#platform/audit.ts';
import { auditActionLabel, auditDetailLines, auditEntityLabel } from '#platform/audit-labels.ts';
import type { Db } from '#platform/db/connect.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
import type { Locale } from '#platform/i18n.ts';
import { jobDefinition } from '#platform/jobs/define.ts';
import { type Actor, authorize } from '#platform/policy.ts';
import './policy.ts';
import * as repo from './repo.ts';
import type { AuditFilter } from './schema.ts';

/** Exports are capped: beyond this, narrow the filters (the console says so). */
export const AUDIT_EXPORT_MAX = 100_000;

type Row = Awaited<ReturnType<typeof repo.listAudit>>['rows'][number];

/** The detail with its personal part merged back in while it exists; erased parts flagged. */
function presentEntry(r: Row) {
  const { personal, ipDigest, personalDigest, ...rest } = r;
  return {
    ...rest,
    detail: {
      ...(JSON.parse(r.detail) as Record<string, unknown>),
      ...(personal ? (JSON.parse(personal) as Record<string, unknown>) : {}),
    },
    personalErased: (ipDigest !== null && r.ip === null) || (personalDigest !== null && !personal),
  };
}

type Entry = ReturnType<typeof presentEntry>;

/** A name the detail recorded at the time, for an entity since deleted. */
function recordedName(e: Entry): string | null {
  const d = e.detail;
  const v = [d.name, d.title, d.term, d.displayName, d.username, d.nameZh].find(
    (x) => typeof x === 'string' && x !== '',
  );
  return (v as string | undefined) ?? null;
}

/** Each entry with what its entity is called now (else when recorded): never just an id. */
async function withLabels(db: Db, locale: Locale, entries: Entry[]) {
  const idsByType = new Map<string, Set<string>>();
  for (const e of entries) {
    if (!e.entityId) continue;
    const set = idsByType.get(e.entityType) ?? new Set<string>();
    set.add(e.entityId);
    idsByType.set(e.entityType, set);
  }
  const names = new Map<string, string>();
  for (const [type, set] of idsByType) {
    const ids = [...set];
    const found = [];
    // In slices: an export can name thousands, more than a statement takes parameters.
    for (let i = 0; i < ids.length; i += 500)
      found.push(...(await repo.entityNames(db, type, ids.slice(i, i + 500))));
    for (const r of found) {
      let name = locale === 'en-US' && r.nameEn ? r.nameEn : r.name;
      if (type === 'job') name = jobDefinition(r.name)?.label[locale] ?? name;
      names.set(`${type}:${r.id}`, name);
    }
  }
  return entries.map((e) => ({
    ...e,
    actionLabel: auditActionLabel(e.action, locale),
    entityKind: auditEntityLabel(e.entityType, locale),
    entityLabel: (e.entityId && names.get(`${e.entityType}:${e.entityId}`)) || recordedName(e),
    detailLines: auditDetailLines(e.detail, locale),
  }));
}

export async function listAudit(
  db: Db,
  actor: Actor | null,
  locale: Locale,
  f: AuditFilter & { page: number; pageSize: number },
) {
  authorize(actor, 'audit.read');
  const { rows, total } = await repo.listAudit(db, f, f.pageSize, (f.page - 1) * f.pageSize);
  const items = await withLabels(db, locale, rows.map(presentEntry));
  return { items, total, page: f.page, pageSize: f.pageSize };
}

export async function exportAudit(
  db: Db,
  actor: Actor | null,
  locale: Locale,
  f: AuditFilter,
): Promise<Buffer> {
  authorize(actor, 'audit.read');
  const { rows } = await repo.listAudit(db, f, AUDIT_EXPORT_MAX, 0);
  const entries = await withLabels(db, locale, rows.map(presentEntry));
  const en = locale === 'en-US';
  const h = (zh: string, english: string) => (en ? english : zh);
  return buildXlsx<(typeof entries)[number]>(
    h('审计日志', 'Audit log'),
    [
      { header: h('序号', 'No.'), width: 8, value: (r) => r.seq },
      { header: h('时间（北京时间）', 'Time (Beijing)'), width: 22, value: (r) => r.at },
      {
        header: h('操作人', 'Who'),
        value: (r) =>
          !r.actorId ? h('系统', 'System') : (r.actorName ?? h('（已注销）', '(account deleted)')),
      },
      { header: h('用户名', 'Username'), value: (r) => r.actorUsername },
      { header: h('操作', 'Action'), width: 26, value: (r) => r.actionLabel },
      { header: h('对象类型', 'Kind'), value: (r) => r.entityKind },
      { header: h('对象', 'What'), width: 38, value: (r) => r.entityLabel },
      { header: h('IP 地址', 'IP address'), value: (r) => r.ip },
      {
        header: h('详情', 'Details'),
        width: 60,
        value: (r) =>
          r.detailLines.map((l) => `${l.label}${en ? ': ' : '：'}${l.value}`).join('\n'),
      },
      { header: h('哈希', 'Hash'), width: 66, value: (r) => r.hash },
      {
        // What the chain signed, for an auditor checking it: the last column, out of the way.
        header: h('记录原文（供核验）', 'As recorded (for verification)'),
        width: 60,
        value: (r) => JSON.stringify(r.detail),
      },
    ],
    entries,
  );
}

export async function verifyAudit(db: Db, actor: Actor | null) {
  authorize(actor, 'audit.read');
  return verifyAuditChain(db);
}
