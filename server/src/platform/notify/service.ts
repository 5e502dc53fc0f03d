import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { AppError, fieldError } from '../errors.ts';
import type { Locale } from '../i18n.ts';
import { nowIso } from '../ids.ts';
import type { Actor } from '../policy.ts';
import { notificationKind, notificationKinds } from './define.ts';
import * as repo from './repo.ts';
import type { PutNotificationPrefsSchema } from './schema.ts';

export async function myNotifications(
  db: Db,
  me: Actor,
  q: { page: number; pageSize: number; unread?: 'true' | 'false' },
) {
  const [{ rows, total }, unread] = await Promise.all([
    repo.listForUser(db, me.userId, { ...q, unread: q.unread === 'true' }),
    repo.unreadCount(db, me.userId),
  ]);
  return { items: rows, total, unread, page: q.page, pageSize: q.pageSize };
}

export async function myUnread(db: Db, me: Actor) {
  return { unread: await repo.unreadCount(db, me.userId) };
}

export async function markRead(db: Db, me: Actor, id: string) {
  if (!(await repo.markRead(db, me.userId, id, nowIso()))) throw new AppError('NOT_FOUND');
  return { ok: true as const };
}

export async function markAllRead(db: Db, me: Actor) {
  await repo.markAllRead(db, me.userId, nowIso());
  return { ok: true as const };
}

export async function myPrefs(db: Db, config: Config, me: Actor, locale: Locale) {
  const [own, account] = await Promise.all([
    repo.prefsOf(db, me.userId),
    repo.accountEmail(db, me.userId),
  ]);
  const chosen = new Map(own.map((p) => [p.kind, p.email === 1]));
  return {
    emailAvailable: config.smtpUrl !== null,
    hasEmail: !!account,
    kinds: notificationKinds().map((k) => ({
      kind: k.kind,
      label: k.label[locale],
      email: chosen.get(k.kind) ?? k.emailByDefault,
    })),
  };
}

export async function putMyPrefs(
  db: Db,
  config: Config,
  me: Actor,
  locale: Locale,
  body: z.infer<typeof PutNotificationPrefsSchema>,
) {
  body.kinds.forEach((k, i) => {
    if (!notificationKind(k.kind))
      throw fieldError(`kinds.${i}.kind`, '没有这种通知', 'no such kind of notification');
  });
  await db.transaction().execute(async (tx) => {
    for (const k of body.kinds) await repo.putPref(tx, me.userId, k.kind, k.email);
  });
  return myPrefs(db, config, me, locale);
}
