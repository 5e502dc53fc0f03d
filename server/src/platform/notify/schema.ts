import { z } from 'zod';
import { PageQuerySchema, pageOf } from '../schemas.ts';

export const ListNotificationsQuerySchema = PageQuerySchema.extend({
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(['true', 'false']).optional().describe('true: only those not read yet'),
});

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable().describe('A path of this site where it is acted on'),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const NotificationPageSchema = pageOf(NotificationSchema).extend({
  unread: z.number().int().describe('How many of all are unread'),
});

export const UnreadSchema = z.object({ unread: z.number().int() });

export const NotificationPrefsSchema = z.object({
  emailAvailable: z.boolean().describe('The platform sends mail (KEPU_SMTP_URL is set)'),
  hasEmail: z.boolean().describe('The account has an address to send to'),
  kinds: z.array(
    z.object({
      kind: z.string(),
      label: z.string().describe('In the request language'),
      email: z.boolean(),
    }),
  ),
});

export const PutNotificationPrefsSchema = z.object({
  kinds: z.array(z.object({ kind: z.string().min(1).max(80), email: z.boolean() })).max(200),
});
