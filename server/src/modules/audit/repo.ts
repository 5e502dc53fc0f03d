import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type { AuditFilter } from './schema.ts';

function filtered(db: Executor, f: AuditFilter) {
  return (
    db
      .selectFrom('auditLog')
      .leftJoin('users', 'users.id', 'auditLog.actorId')
      // The personal parts, while they exist (erased with the person's account).
      .leftJoin('auditPersonal as pip', (j) =>
        j.onRef('pip.auditId', '=', 'auditLog.id').on('pip.part', '=', 'ip'),
      )
      .leftJoin('auditPersonal as pd', (j) =>
        j.onRef('pd.auditId', '=', 'auditLog.id').on('pd.part', '=', 'detail'),
      )
      .$if(!!f.actorId, (q) => q.where('auditLog.actorId', '=', f.actorId!))
      .$if(!!f.action && !f.action.endsWith('.'), (q) => q.where('auditLog.action', '=', f.action!))
      .$if(!!f.action && f.action.endsWith('.'), (q) =>
        q.where('auditLog.action', '>=', f.action!).where('auditLog.action', '<', `${f.action!}~`),
      )
      .$if(!!f.entityType, (q) => q.where('auditLog.entityType', '=', f.entityType!))
      .$if(!!f.entityId, (q) => q.where('auditLog.entityId', '=', f.entityId!))
      .$if(!!f.from, (q) => q.where('auditLog.at', '>=', `${f.from!}T00:00:00.000Z`))
      .$if(!!f.to, (q) => q.where('auditLog.at', '<=', `${f.to!}T23:59:59.999Z`))
  );
}

const COLUMNS = [
  'auditLog.seq',
  'auditLog.at',
  'auditLog.actorId',
  'users.displayName as actorName',
  'auditLog.action',
  'auditLog.entityType',
  'auditLog.entityId',
  'auditLog.organisationId',
  'pip.value as ip',
  'auditLog.detail',
  'pd.value as personal',
  'auditLog.ipDigest',
  'auditLog.personalDigest',
  'auditLog.hash',
] as const;

export async function listAudit(db: Executor, f: AuditFilter, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    filtered(db, f)
      .select(COLUMNS)
      .orderBy('auditLog.seq', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    filtered(db, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
