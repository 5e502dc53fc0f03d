import { type Insertable, type JoinBuilder, sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type { BaseEventTable, BaseStatus } from '#platform/db/schema.ts';

/** Joins the province of a base (`divisions`): the division PP0000 of its division code. */
export function onProvince<DB, TB extends keyof DB>(join: JoinBuilder<DB, TB>) {
  return join.on(sql`divisions.code`, '=', sql`substr(bases.division_code, 1, 2) || '0000'`);
}

/**
 * Bases whose designation term ended before `today` (validUntil is the last valid day, a date in
 * China) and that are still current (ACTIVE or under rectification); at most `limit`.
 */
export async function findBasesPastTerm(db: Executor, today: string, limit: number) {
  return db
    .selectFrom('bases')
    .select(['id', 'name', 'hostOrgId', 'status', 'validUntil'])
    .where('status', 'in', ['ACTIVE', 'RECTIFICATION'])
    .where('validUntil', 'is not', null)
    .where('validUntil', '<', today)
    .orderBy('validUntil')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Sets a base EXPIRED if it is still in `from` (a conditional UPDATE: true when it changed). */
export async function markBaseExpired(db: Executor, id: string, from: BaseStatus, at: string) {
  const r = await db
    .updateTable('bases')
    .set({ status: 'EXPIRED', rectifyBy: null, updatedAt: at })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** One row of a base's history (every status change and review outcome). */
export async function insertBaseEvent(db: Executor, row: Insertable<BaseEventTable>) {
  await db.insertInto('baseEvents').values(row).execute();
}
