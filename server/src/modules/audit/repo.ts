import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { containsText } from '#platform/db/like.ts';
import type { AuditFilter } from './schema.ts';

/** The instant (UTC ISO) a calendar day begins in Beijing (UTC+8 all year), `plus` days on. */
function beijingDayStart(day: string, plus = 0): string {
  const t = Date.parse(`${day}T00:00:00.000+08:00`) + plus * 86_400_000;
  return new Date(t).toISOString();
}

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
      .$if(!!f.q, (q) =>
        q.where((eb) =>
          eb.or([containsText('users.displayName', f.q!), containsText('users.username', f.q!)]),
        ),
      )
      .$if(!!f.from, (q) => q.where('auditLog.at', '>=', beijingDayStart(f.from!)))
      .$if(!!f.to, (q) => q.where('auditLog.at', '<', beijingDayStart(f.to!, 1)))
  );
}

const COLUMNS = [
  'auditLog.seq',
  'auditLog.at',
  'auditLog.actorId',
  'users.displayName as actorName',
  'users.username as actorUsername',
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

/** What each entity is called, looked up in batches by kind (ids of one kind per call). */
export async function entityNames(
  db: Executor,
  type: string,
  ids: string[],
): Promise<{ id: string; name: string; nameEn?: string }[]> {
  if (ids.length === 0) return [];
  switch (type) {
    case 'organisation':
      return db.selectFrom('organisations').select(['id', 'name']).where('id', 'in', ids).execute();
    case 'user':
      return db
        .selectFrom('users')
        .select(['id', 'displayName as name'])
        .where('id', 'in', ids)
        .execute();
    case 'work':
      return db
        .selectFrom('works')
        .select(['id', 'title as name'])
        .where('id', 'in', ids)
        .execute();
    case 'collection':
      return db
        .selectFrom('collections')
        .select(['id', 'title as name'])
        .where('id', 'in', ids)
        .execute();
    case 'expertInvitation':
      return db
        .selectFrom('expertInvitations')
        .select(['id', 'name'])
        .where('id', 'in', ids)
        .execute();
    case 'base':
      return db.selectFrom('bases').select(['id', 'name']).where('id', 'in', ids).execute();
    case 'reviewCall':
      return db
        .selectFrom('reviewCalls')
        .select(['id', 'title as name'])
        .where('id', 'in', ids)
        .execute();
    case 'reviewItem':
      return db
        .selectFrom('reviewItems')
        .select(['id', 'title as name'])
        .where('id', 'in', ids)
        .execute();
    case 'reviewNotice':
      return db
        .selectFrom('reviewNotices')
        .select(['id', 'title as name'])
        .where('id', 'in', ids)
        .execute();
    case 'media':
      return db.selectFrom('media').select(['id', 'name']).where('id', 'in', ids).execute();
    case 'searchTerm':
      return db
        .selectFrom('searchTerms')
        .select(['id', 'term as name'])
        .where('id', 'in', ids)
        .execute();
    case 'policyDocument':
      return db
        .selectFrom('policyDocuments')
        .select(['id', 'title as name'])
        .where('id', 'in', ids)
        .execute();
    case 'division':
      return db
        .selectFrom('divisions')
        .select(['code as id', 'name'])
        .where('code', 'in', ids)
        .execute();
    case 'reference':
      // Recorded as `KIND:CODE`.
      return (
        await db
          .selectFrom('referenceItems')
          .select(['kind', 'code', 'nameZh', 'nameEn'])
          .where(sql<string>`${sql.ref('kind')} || ':' || ${sql.ref('code')}`, 'in', ids)
          .execute()
      ).map((r) => ({ id: `${r.kind}:${r.code}`, name: r.nameZh, nameEn: r.nameEn }));
    case 'job':
      return db.selectFrom('jobs').select(['id', 'name']).where('id', 'in', ids).execute();
    default:
      return [];
  }
}
