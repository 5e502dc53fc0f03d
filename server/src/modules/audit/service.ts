import { verifyAuditChain } from '#platform/audit.ts';
import type { Db } from '#platform/db/connect.ts';
import { buildXlsx } from '#platform/export/xlsx.ts';
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

export async function listAudit(
  db: Db,
  actor: Actor | null,
  f: AuditFilter & { page: number; pageSize: number },
) {
  authorize(actor, 'audit.read');
  const { rows, total } = await repo.listAudit(db, f, f.pageSize, (f.page - 1) * f.pageSize);
  return { items: rows.map(presentEntry), total, page: f.page, pageSize: f.pageSize };
}

export async function exportAudit(db: Db, actor: Actor | null, f: AuditFilter): Promise<Buffer> {
  authorize(actor, 'audit.read');
  const { rows } = await repo.listAudit(db, f, AUDIT_EXPORT_MAX, 0);
  return buildXlsx<Row>(
    '审计日志',
    [
      { header: '序号', width: 8, value: (r) => r.seq },
      { header: '时间（UTC）', width: 26, value: (r) => r.at },
      { header: '操作人', value: (r) => r.actorName },
      { header: '操作人 ID', width: 38, value: (r) => r.actorId },
      { header: '操作', width: 26, value: (r) => r.action },
      { header: '对象类型', value: (r) => r.entityType },
      { header: '对象 ID', width: 38, value: (r) => r.entityId },
      { header: 'IP 地址', value: (r) => r.ip },
      { header: '详情', width: 60, value: (r) => JSON.stringify(presentEntry(r).detail) },
      { header: '哈希', width: 66, value: (r) => r.hash },
    ],
    rows,
  );
}

export async function verifyAudit(db: Db, actor: Actor | null) {
  authorize(actor, 'audit.read');
  return verifyAuditChain(db);
}
