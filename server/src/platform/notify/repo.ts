import { sql } from 'kysely';
import type { Executor } from '../db/connect.ts';
import type { NotificationTable } from '../db/schema.ts';

/** The recipients who can receive anything: active accounts, with their language and address. */
export async function recipients(db: Executor, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'locale', 'email'])
    .where('id', 'in', userIds)
    .where('status', '=', 'ACTIVE')
    .execute();
}

/** The account's e-mail address, if it has one. */
export async function accountEmail(db: Executor, userId: string): Promise<string | null> {
  const r = await db
    .selectFrom('users')
    .select('email')
    .where('id', '=', userId)
    .executeTakeFirst();
  return r?.email ?? null;
}

/** The recipients' own choices for one kind: userId → mail it. */
export async function emailChoices(db: Executor, userIds: string[], kind: string) {
  if (userIds.length === 0) return new Map<string, boolean>();
  const rows = await db
    .selectFrom('notificationPrefs')
    .select(['userId', 'email'])
    .where('userId', 'in', userIds)
    .where('kind', '=', kind)
    .execute();
  return new Map(rows.map((r) => [r.userId, r.email === 1]));
}

/** Who of these people has had a notification of this kind leading there already. */
export async function alreadyTold(db: Executor, userIds: string[], kind: string, link: string) {
  if (userIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('notifications')
    .select('userId')
    .where('userId', 'in', userIds)
    .where('kind', '=', kind)
    .where('link', '=', link)
    .execute();
  return new Set(rows.map((r) => r.userId));
}

export async function insertNotifications(db: Executor, rows: NotificationTable[]) {
  if (rows.length > 0) await db.insertInto('notifications').values(rows).execute();
}

export async function listForUser(
  db: Executor,
  userId: string,
  q: { page: number; pageSize: number; unread: boolean },
) {
  const base = db
    .selectFrom('notifications')
    .where('userId', '=', userId)
    .$if(q.unread, (qb) => qb.where('readAt', 'is', null));
  const [rows, count] = await Promise.all([
    base
      .select(['id', 'kind', 'title', 'body', 'link', 'createdAt', 'readAt'])
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)`.as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks one of the person's notifications read; false when it is not theirs (or not there). */
export async function markRead(db: Executor, userId: string, id: string, at: string) {
  const r = await db
    .updateTable('notifications')
    .set({ readAt: at })
    .where('id', '=', id)
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) return true;
  const mine = await db
    .selectFrom('notifications')
    .select('id')
    .where('id', '=', id)
    .where('userId', '=', userId)
    .executeTakeFirst();
  return mine !== undefined;
}

export async function markAllRead(db: Executor, userId: string, at: string): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ readAt: at })
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function prefsOf(db: Executor, userId: string) {
  return db
    .selectFrom('notificationPrefs')
    .select(['kind', 'email'])
    .where('userId', '=', userId)
    .execute();
}

export async function putPref(db: Executor, userId: string, kind: string, email: boolean) {
  await db
    .insertInto('notificationPrefs')
    .values({ userId, kind, email: email ? 1 : 0 })
    .onConflict((oc) => oc.columns(['userId', 'kind']).doUpdateSet({ email: email ? 1 : 0 }))
    .execute();
}

/** What the e-mail job sends: the message and its recipient's address now. */
export async function forEmail(db: Executor, id: string) {
  return db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.userId')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.title',
      'notifications.body',
      'notifications.link',
      'notifications.emailState',
      'notifications.mailAttachmentRef',
      'users.email',
      'users.locale',
      'users.status',
    ])
    .where('notifications.id', '=', id)
    .executeTakeFirst();
}

export async function setEmailState(
  db: Executor,
  id: string,
  state: NonNullable<NotificationTable['emailState']>,
  at: string | null,
) {
  await db
    .updateTable('notifications')
    .set({ emailState: state, emailedAt: at })
    .where('id', '=', id)
    .execute();
}

/** An account deleted: its inbox and choices go with it (PIPL). */
export async function forgetPerson(db: Executor, userId: string) {
  await db.deleteFrom('notifications').where('userId', '=', userId).execute();
  await db.deleteFrom('notificationPrefs').where('userId', '=', userId).execute();
}

/** Notifications older than `before` (ISO), in batches: a year of messages is kept. */
export async function deleteOlderThan(db: Executor, before: string, limit: number) {
  const ids = await db
    .selectFrom('notifications')
    .select('id')
    .where('createdAt', '<', before)
    .limit(limit)
    .execute();
  if (ids.length === 0) return 0;
  await db
    .deleteFrom('notifications')
    .where(
      'id',
      'in',
      ids.map((r) => r.id),
    )
    .execute();
  return ids.length;
}
