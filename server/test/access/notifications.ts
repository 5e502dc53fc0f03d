import { newId } from '#platform/ids.ts';
import { type Row, SIGNED_IN, type World } from './world.ts';

/** One's own notifications and their preferences. */
export function notificationsTable(w: World): Row[] {
  /** An unread notification in someone's inbox. */
  async function notificationFor(userId: string) {
    const id = newId();
    await w.env.handle.db
      .insertInto('notifications')
      .values({
        id,
        userId,
        kind: 'work.checked',
        title: '矩阵通知',
        body: '',
        link: null,
        createdAt: new Date().toISOString(),
        readAt: null,
        emailState: null,
        emailedAt: null,
      })
      .execute();
    return id;
  }

  return [
    {
      name: 'GET /api/me/notifications',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/notifications' }),
    },
    {
      name: 'GET /api/me/notifications/unread',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/notifications/unread' }),
    },
    {
      name: 'POST /api/me/notifications/:id/read',
      allowed: SIGNED_IN,
      make: async (a) => ({
        method: 'POST',
        url: `/api/me/notifications/${await notificationFor(w.ids[a] ?? w.ids.member)}/read`,
      }),
    },
    {
      // Someone else's notification is nobody's to mark, not even a platform administrator's.
      name: 'POST /api/me/notifications/:id/read (another person’s)',
      allowed: [],
      make: async () => ({
        method: 'POST',
        url: `/api/me/notifications/${await notificationFor(await w.userInB())}/read`,
      }),
    },
    {
      name: 'POST /api/me/notifications/read-all',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'POST', url: '/api/me/notifications/read-all' }),
    },
    {
      name: 'GET /api/me/notification-prefs',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/notification-prefs' }),
    },
    {
      name: 'PUT /api/me/notification-prefs',
      allowed: SIGNED_IN,
      make: async () => ({
        method: 'PUT',
        url: '/api/me/notification-prefs',
        body: { kinds: [{ kind: 'work.checked', email: false }] },
      }),
    },
  ];
}
