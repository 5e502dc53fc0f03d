import { z } from 'zod';
import { PageQuerySchema, pageOf } from '#platform/schemas.ts';

export const AuditFilterSchema = z.object({
  actorId: z.uuid().optional(),
  action: z
    .string()
    .trim()
    .max(60)
    .optional()
    .describe('Exact action, e.g. organisation.create, or a prefix ending in .'),
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(80).optional(),
  from: z.iso.date().optional().describe('From this day (inclusive, UTC)'),
  to: z.iso.date().optional().describe('Up to this day (inclusive, UTC)'),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;
export const ListAuditQuerySchema = PageQuerySchema.extend(AuditFilterSchema.shape);

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    organisationId: z.string().nullable(),
    ip: z.string().nullable().describe('The actor’s address; null once erased'),
    detail: z
      .record(z.string(), z.unknown())
      .describe('What changed, with the personal part (names) while it exists'),
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
