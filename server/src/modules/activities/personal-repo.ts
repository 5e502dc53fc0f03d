/** The queries behind a person's activity data: its export and its erasure with the account. */
import type { Executor } from '#platform/db/connect.ts';
import type { GroupStatus } from '#platform/db/schema.ts';
import { LIVE } from './repo.ts';

/** The person's own registrations (a group's places are shown with the group), newest first. */
export function registrationsOf(db: Executor, userId: string) {
  return db
    .selectFrom('registrations')
    .innerJoin('activitySessions', 'activitySessions.id', 'registrations.sessionId')
    .innerJoin('activities', 'activities.id', 'registrations.activityId')
    .select([
      'registrations.id',
      'registrations.status',
      'registrations.quantity',
      'registrations.answers',
      'registrations.createdAt',
      'registrations.cancelledAt',
      'registrations.checkedInAt',
      'registrations.guardianName',
      'registrations.guardianContact',
      'registrations.guardianConsentAt',
      'activities.title as activityTitle',
      'activities.registrationForm',
      'activitySessions.startsAt',
      'activitySessions.endsAt',
    ])
    .where('registrations.userId', '=', userId)
    .where('registrations.groupId', 'is', null)
    .orderBy('activitySessions.startsAt', 'desc')
    .orderBy('registrations.id')
    .execute();
}

/** The person's group bookings, newest session first. */
export function groupsOf(db: Executor, userId: string) {
  return db
    .selectFrom('activityGroups as g')
    .innerJoin('activitySessions as s', 's.id', 'g.sessionId')
    .innerJoin('activities as a', 'a.id', 'g.activityId')
    .select([
      'g.id',
      'g.schoolName',
      'g.gradeClass',
      'g.contactName',
      'g.contactPhone',
      'g.requested',
      'g.approved',
      'g.status',
      'g.note',
      'g.createdAt',
      'a.title as activityTitle',
      's.startsAt',
    ])
    .where('g.userId', '=', userId)
    .orderBy('s.startsAt', 'desc')
    .orderBy('g.id')
    .execute();
}

export function memberNamesOf(db: Executor, groupIds: string[]) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('groupMembers')
    .select(['groupId', 'seq', 'name'])
    .where('groupId', 'in', groupIds)
    .orderBy('groupId')
    .orderBy('seq')
    .execute();
}

/** The person's feedback, newest first. */
export function feedbackOf(db: Executor, userId: string) {
  return db
    .selectFrom('activityFeedback as f')
    .innerJoin('activities as a', 'a.id', 'f.activityId')
    .select([
      'f.id',
      'f.rating',
      'f.comment',
      'f.commentStatus',
      'f.moderationReason',
      'f.createdAt',
      'f.updatedAt',
      'a.title as activityTitle',
    ])
    .where('f.userId', '=', userId)
    .orderBy('f.createdAt', 'desc')
    .orderBy('f.id')
    .execute();
}

/** The person's live registrations (not a group's, not checked in) for sessions still to come. */
export function upcomingLiveRegistrations(db: Executor, userId: string, now: string) {
  return (
    db
      .selectFrom('registrations')
      .innerJoin('activitySessions', 'activitySessions.id', 'registrations.sessionId')
      .select([
        'registrations.id',
        'registrations.status',
        'registrations.sessionId',
        'registrations.quantity',
      ])
      .where('registrations.userId', '=', userId)
      .where('registrations.groupId', 'is', null)
      .where('registrations.status', 'in', LIVE)
      // Checked in early: the person came; that stays a record, not a cancellation.
      .where('registrations.checkedInAt', 'is', null)
      .where('activitySessions.startsAt', '>', now)
      .orderBy('registrations.createdAt')
      .orderBy('registrations.id')
      .execute()
  );
}

const LIVE_GROUP: GroupStatus[] = ['PENDING', 'APPROVED', 'PARTIAL'];

/** The ids of the person's live group bookings for sessions still to come. */
export async function upcomingLiveGroups(db: Executor, userId: string, now: string) {
  const rows = await db
    .selectFrom('activityGroups as g')
    .innerJoin('activitySessions as s', 's.id', 'g.sessionId')
    .select('g.id')
    .where('g.userId', '=', userId)
    .where('g.status', 'in', LIVE_GROUP)
    .where('s.startsAt', '>', now)
    .orderBy('g.createdAt')
    .orderBy('g.id')
    .execute();
  return rows.map((r) => r.id);
}

/** What the person answered and their guardian's name and contact go from every registration. */
export async function blankRegistrations(db: Executor, userId: string) {
  await db
    .updateTable('registrations')
    .set({ answers: '{}', guardianName: null, guardianContact: null })
    .where('userId', '=', userId)
    .execute();
}

/**
 * The teacher's name and phone go from every group booking; the class's names from the bookings
 * that did not take place (a held booking's names are the host's attendance record).
 */
export async function blankGroups(db: Executor, userId: string) {
  await db
    .updateTable('activityGroups')
    .set({ contactName: '', contactPhone: '' })
    .where('userId', '=', userId)
    .execute();
  await db
    .updateTable('groupMembers')
    .set({ name: '' })
    .where('groupId', 'in', (eb) =>
      eb
        .selectFrom('activityGroups')
        .select('id')
        .where('userId', '=', userId)
        .where('status', 'in', ['CANCELLED', 'DECLINED']),
    )
    .execute();
}

/**
 * Comments go, ratings stay without the person (the figures stay right): the row no longer
 * names anyone (`userId` empty), the comment is empty and out of moderation.
 */
export async function anonymiseFeedback(db: Executor, userId: string) {
  await db
    .updateTable('activityFeedback')
    .set({ userId: '', comment: '', commentStatus: 'NONE', moderationReason: null })
    .where('userId', '=', userId)
    .execute();
}
