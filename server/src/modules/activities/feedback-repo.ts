/** Every query of activity feedback: one row per checked-in registration, and the figures. */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import type { ActivityFeedbackTable, FeedbackCommentStatus } from '#platform/db/schema.ts';
import { inSubtrees } from '#platform/db/subtree.ts';

export function findFeedback(db: Executor, id: string) {
  return db
    .selectFrom('activityFeedback')
    .innerJoin('activities', 'activities.id', 'activityFeedback.activityId')
    .innerJoin('organisations', 'organisations.id', 'activities.organisationId')
    .selectAll('activityFeedback')
    .select([
      'activities.title as activityTitle',
      'activities.organisationId',
      'organisations.name as host',
      'organisations.path as orgPath',
    ])
    .where('activityFeedback.id', '=', id)
    .executeTakeFirst();
}

export function feedbackOfRegistration(db: Executor, registrationId: string) {
  return db
    .selectFrom('activityFeedback')
    .selectAll()
    .where('registrationId', '=', registrationId)
    .executeTakeFirst();
}

export function feedbackOfRegistrations(db: Executor, registrationIds: string[]) {
  if (registrationIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('activityFeedback')
    .selectAll()
    .where('registrationId', 'in', registrationIds)
    .execute();
}

export function insertFeedback(db: Executor, row: ActivityFeedbackTable) {
  return db.insertInto('activityFeedback').values(row).execute();
}

export function updateFeedback(db: Executor, id: string, patch: Partial<ActivityFeedbackTable>) {
  return db.updateTable('activityFeedback').set(patch).where('id', '=', id).execute();
}

/** A moderation move, only from the status read (false: someone else moved it first, or an edit). */
export async function moderate(
  db: Executor,
  id: string,
  from: FeedbackCommentStatus,
  updatedAt: string,
  patch: Partial<ActivityFeedbackTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('activityFeedback')
    .set(patch)
    .where('id', '=', id)
    .where('commentStatus', '=', from)
    .where('updatedAt', '=', updatedAt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Approved comments of an activity, newest first. */
export async function approvedComments(
  db: Executor,
  activityId: string,
  offset: number,
  limit: number,
) {
  const base = db
    .selectFrom('activityFeedback')
    .where('activityId', '=', activityId)
    .where('commentStatus', '=', 'APPROVED');
  const [rows, count] = await Promise.all([
    base
      .select(['id', 'rating', 'comment', 'createdAt'])
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export interface ModerationFilter {
  scope: 'ALL' | string[];
  status?: FeedbackCommentStatus;
  activityId?: string;
}

/** Feedback with a comment at the activities hosted in the scope, oldest waiting first. */
export async function moderationPage(
  db: Executor,
  f: ModerationFilter,
  offset: number,
  limit: number,
) {
  const base = db
    .selectFrom('activityFeedback')
    .innerJoin('activities', 'activities.id', 'activityFeedback.activityId')
    .innerJoin('organisations', 'organisations.id', 'activities.organisationId')
    .innerJoin('users', 'users.id', 'activityFeedback.userId')
    .where('activityFeedback.commentStatus', '!=', 'NONE')
    .$if(f.scope !== 'ALL', (s) => s.where((eb) => inSubtrees(eb, f.scope as string[])))
    .$if(!!f.status, (s) => s.where('activityFeedback.commentStatus', '=', f.status!))
    .$if(!!f.activityId, (s) => s.where('activityFeedback.activityId', '=', f.activityId!));
  const [rows, count] = await Promise.all([
    base
      .selectAll('activityFeedback')
      .select([
        'activities.title as activityTitle',
        'organisations.name as host',
        'users.displayName as userName',
      ])
      .orderBy('activityFeedback.updatedAt', 'asc')
      .orderBy('activityFeedback.id')
      .offset(offset)
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export type SatisfactionBy = 'activity' | 'host' | 'base' | 'province';

export interface SatisfactionFilter {
  by: SatisfactionBy;
  scope: 'ALL' | string[];
  activityId?: string;
  /** Sessions starting from / before (ISO instants). */
  from?: string;
  to?: string;
}

/**
 * Ratings counted by group and star: `{ key, name, rating, n }` rows, one per group and rating.
 * A base is a base whose host organisation hosted the activity; a province is the first two
 * digits of the activity's division.
 */
export async function ratingCounts(db: Executor, f: SatisfactionFilter) {
  let q = db
    .selectFrom('activityFeedback')
    .innerJoin('activities', 'activities.id', 'activityFeedback.activityId')
    .innerJoin('organisations', 'organisations.id', 'activities.organisationId')
    .innerJoin('registrations', 'registrations.id', 'activityFeedback.registrationId')
    .innerJoin('activitySessions', 'activitySessions.id', 'registrations.sessionId')
    .$if(f.scope !== 'ALL', (s) => s.where((eb) => inSubtrees(eb, f.scope as string[])))
    .$if(!!f.activityId, (s) => s.where('activityFeedback.activityId', '=', f.activityId!))
    .$if(!!f.from, (s) => s.where('activitySessions.startsAt', '>=', f.from!))
    .$if(!!f.to, (s) => s.where('activitySessions.startsAt', '<', f.to!));
  switch (f.by) {
    case 'activity':
      return q
        .select([
          'activities.id as key',
          'activities.title as name',
          'activityFeedback.rating',
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .groupBy(['activities.id', 'activities.title', 'activityFeedback.rating'])
        .execute();
    case 'host':
      return q
        .select([
          'organisations.id as key',
          'organisations.name as name',
          'activityFeedback.rating',
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .groupBy(['organisations.id', 'organisations.name', 'activityFeedback.rating'])
        .execute();
    case 'base':
      return q
        .innerJoin('bases', 'bases.hostOrgId', 'activities.organisationId')
        .select([
          'bases.id as key',
          'bases.name as name',
          'activityFeedback.rating',
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .groupBy(['bases.id', 'bases.name', 'activityFeedback.rating'])
        .execute();
    case 'province': {
      const prov = sql<string>`substr(activities.division_code, 1, 2)`;
      q = q.where('activities.divisionCode', 'is not', null);
      return q
        .leftJoin('divisions', (j) =>
          j.on(sql`divisions.code`, '=', sql`substr(activities.division_code, 1, 2) || '0000'`),
        )
        .select([
          prov.as('key'),
          sql<string | null>`max(divisions.name)`.as('name'),
          'activityFeedback.rating',
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .groupBy([prov, 'activityFeedback.rating'])
        .execute();
    }
  }
}
