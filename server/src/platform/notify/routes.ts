import type { App, AppDeps } from '../app-types.ts';
import { AUTHENTICATED, signedIn } from '../policy.ts';
import { ERRORS, IdParamsSchema, OkSchema } from '../schemas.ts';
import {
  ListNotificationsQuerySchema,
  NotificationPageSchema,
  NotificationPrefsSchema,
  PutNotificationPrefsSchema,
  UnreadSchema,
} from './schema.ts';
import * as service from './service.ts';

const tags = ['notifications'];

/** Each person's inbox and their e-mail choices. */
export function registerNotificationRoutes(app: App, { db, config }: AppDeps): void {
  app.get(
    '/api/me/notifications',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first',
        querystring: ListNotificationsQuerySchema,
        response: { 200: NotificationPageSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.myNotifications(db, signedIn(req.actor), req.query),
  );

  app.get(
    '/api/me/notifications/unread',
    {
      schema: {
        tags,
        summary: 'How many of my notifications are unread (the bell)',
        response: { 200: UnreadSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.myUnread(db, signedIn(req.actor)),
  );

  app.post(
    '/api/me/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of my notifications read',
        params: IdParamsSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.markRead(db, signedIn(req.actor), req.params.id),
  );

  app.post(
    '/api/me/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all my notifications read',
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.markAllRead(db, signedIn(req.actor)),
  );

  app.get(
    '/api/me/notification-prefs',
    {
      schema: {
        tags,
        summary: 'Which kinds of notification I take by e-mail',
        response: { 200: NotificationPrefsSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.myPrefs(db, config, signedIn(req.actor), req.locale),
  );

  app.put(
    '/api/me/notification-prefs',
    {
      schema: {
        tags,
        summary: 'Choose which kinds of notification I take by e-mail',
        body: PutNotificationPrefsSchema,
        response: { 200: NotificationPrefsSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => service.putMyPrefs(db, config, signedIn(req.actor), req.locale, req.body),
  );
}
