/**
 * The review engine's reads of what waits on whom — to-do lists, deadline reminders, the scores a
 * round still misses — scoped in SQL, the power to act checked by the caller (repo.ts holds the rest).
 */
import { sql } from 'kysely';
import type { Executor } from '#platform/db/connect.ts';
import { pathEnd } from '#platform/db/subtree.ts';

/** Whose items a to-do looks at: everyone's, or those of these subtrees and calls. */
export interface TodoScope {
  all: boolean;
  orgPaths: string[];
  callIds: string[];
}

/** The path of a call's or an applicant's unit within any of the subtrees. */
const pathIn = (column: string, roots: string[]) =>
  roots.length === 0
    ? sql<boolean>`1 = 0`
    : sql<boolean>`(${sql.join(
        roots.map((p) => sql`(${sql.ref(column)} >= ${p} and ${sql.ref(column)} < ${pathEnd(p)})`),
        sql` or `,
      )})`;

/**
 * Items of published calls waiting at a stage step (submitted, or through the stage before),
 * the longest waiting first: where the applicant or the call's organiser lies in the scope, or
 * in the scope's calls (those with a configured acting unit).
 */
export async function itemsAwaitingSteps(db: Executor, scope: TodoScope, limit: number) {
  return db
    .selectFrom('reviewItems')
    .innerJoin('organisations', 'organisations.id', 'reviewItems.applicantOrgId')
    .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewItems.callId')
    .innerJoin('organisations as callOrg', 'callOrg.id', 'reviewCalls.organisationId')
    .selectAll('reviewItems')
    .select(['organisations.name as applicantName', 'organisations.path as applicantPath'])
    .where('reviewCalls.status', '!=', 'DRAFT')
    .where('reviewItems.status', 'in', ['SUBMITTED', 'RECOMMENDED', 'FORMAL_PASSED', 'REVIEWED'])
    .$if(!scope.all, (qb) =>
      qb.where((eb) =>
        eb.or([
          pathIn('organisations.path', scope.orgPaths),
          pathIn('callOrg.path', scope.orgPaths),
          ...(scope.callIds.length ? [eb('reviewItems.callId', 'in', scope.callIds)] : []),
        ]),
      ),
    )
    .orderBy('reviewItems.updatedAt', 'asc')
    .orderBy('reviewItems.id', 'asc')
    .limit(limit)
    .execute();
}

/** Objections not yet handled on open or closed notices, the oldest first. */
export async function objectionsAwaiting(db: Executor, scope: TodoScope, limit: number) {
  return db
    .selectFrom('reviewObjections')
    .innerJoin('reviewNotices', 'reviewNotices.id', 'reviewObjections.noticeId')
    .innerJoin('reviewItems', 'reviewItems.id', 'reviewObjections.itemId')
    .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewNotices.callId')
    .innerJoin('organisations as callOrg', 'callOrg.id', 'reviewCalls.organisationId')
    .select([
      'reviewObjections.id',
      'reviewObjections.createdAt',
      'reviewNotices.id as noticeId',
      'reviewNotices.callId',
      'reviewNotices.title as noticeTitle',
      'reviewItems.title as itemTitle',
    ])
    .where('reviewObjections.status', '=', 'RECEIVED')
    .$if(!scope.all, (qb) =>
      qb.where((eb) =>
        eb.or([
          pathIn('callOrg.path', scope.orgPaths),
          ...(scope.callIds.length ? [eb('reviewNotices.callId', 'in', scope.callIds)] : []),
        ]),
      ),
    )
    .orderBy('reviewObjections.createdAt', 'asc')
    .limit(limit)
    .execute();
}

/** Draft applications in open calls that close on or before `lastDay`, the soonest first. */
export async function draftsInClosingCalls(
  db: Executor,
  scope: { all: boolean; orgPaths: string[]; userId: string },
  lastDay: string,
  limit: number,
) {
  return db
    .selectFrom('reviewItems')
    .innerJoin('organisations', 'organisations.id', 'reviewItems.applicantOrgId')
    .innerJoin('reviewCalls', 'reviewCalls.id', 'reviewItems.callId')
    .select([
      'reviewItems.id',
      'reviewItems.title',
      'reviewItems.submittedBy',
      'organisations.path as applicantPath',
      'reviewCalls.title as callTitle',
      'reviewCalls.closesAt',
    ])
    .where('reviewItems.status', '=', 'DRAFT')
    .where('reviewCalls.status', '=', 'OPEN')
    .where('reviewCalls.closesAt', '<=', lastDay)
    .$if(!scope.all, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('reviewItems.submittedBy', '=', scope.userId),
          pathIn('organisations.path', scope.orgPaths),
        ]),
      ),
    )
    .orderBy('reviewCalls.closesAt', 'asc')
    .orderBy('reviewItems.id', 'asc')
    .limit(limit)
    .execute();
}

/** The round's assignments still to score on items under review, with the reviewer and the item. */
export async function scoresMissing(db: Executor, callId: string, round: number) {
  return db
    .selectFrom('reviewAssignments')
    .innerJoin('users', 'users.id', 'reviewAssignments.reviewerId')
    .innerJoin('reviewItems', 'reviewItems.id', 'reviewAssignments.itemId')
    .select([
      'reviewAssignments.reviewerId',
      'users.displayName as reviewerName',
      'reviewItems.title as itemTitle',
    ])
    .where('reviewAssignments.callId', '=', callId)
    .where('reviewAssignments.round', '=', round)
    .where('reviewAssignments.status', '=', 'ASSIGNED')
    .where('reviewItems.status', '=', 'UNDER_REVIEW')
    .orderBy('users.displayName')
    .orderBy('reviewItems.title')
    .execute();
}
