import { z } from 'zod';
import { PageQuerySchema, pageOf } from '#platform/schemas.ts';

export const AuditFilterSchema = z.object({
  actorId: z
    .uuid()
    .optional()
    .describe('Only what this person did (picked by name in the console)'),
  q: z.string().trim().max(50).optional().describe('The actor’s name or username contains'),
  action: z
    .string()
    .trim()
    .max(60)
    .optional()
    .describe('Exact action, e.g. organisation.create, or a prefix ending in .'),
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(80).optional(),
  from: z.iso.date().optional().describe('From this day (inclusive, Beijing time)'),
  to: z.iso.date().optional().describe('Up to this day (inclusive, Beijing time)'),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;
export const ListAuditQuerySchema = PageQuerySchema.extend(AuditFilterSchema.shape);

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable().describe('Who, by name; null for the system or once erased'),
    actorUsername: z.string().nullable(),
    action: z.string(),
    actionLabel: z.string().describe('The action in words, in the request’s language'),
    entityType: z.string(),
    entityKind: z.string().describe('The kind of thing in words, in the request’s language'),
    entityId: z.string().nullable(),
    entityLabel: z
      .string()
      .nullable()
      .describe(
        'What the entity is called (title, name), in the request’s language where it has one',
      ),
    organisationId: z.string().nullable(),
    ip: z.string().nullable().describe('The actor’s address; null once erased'),
    detail: z
      .record(z.string(), z.unknown())
      .describe('What changed, with the personal part (names) while it exists'),
    detailLines: z
      .array(z.object({ label: z.string(), value: z.string() }))
      .describe('The detail in words, in the request’s language: labels, no keys or ids'),
    personalErased: z
      .boolean()
      .describe('The IP or names of this entry were erased with the person’s account'),
    hash: z.string(),
  })
  .describe('AuditEntry');
export const AuditPageSchema = pageOf(AuditEntrySchema);
export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  problems: z.array(
    z.object({
      seq: z.number().int().nullable(),
      problem: z.enum([
        'hash_mismatch',
        'broken_link',
        'tail_missing',
        'personal_mismatch',
        'anchor_missing',
        'anchor_mismatch',
      ]),
    }),
  ),
});
