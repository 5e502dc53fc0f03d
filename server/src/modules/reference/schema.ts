import { z } from 'zod';
import { text } from '#platform/schemas.ts';
import { REFERENCE_KINDS } from './seed-data.ts';

export const ReferenceKindSchema = z.enum(REFERENCE_KINDS).describe('Which taxonomy');

export const ReferenceItemSchema = z
  .object({
    kind: ReferenceKindSchema,
    code: z.string().describe('Stable project code, e.g. GAS_HYDRATE'),
    nameZh: z.string(),
    nameEn: z.string(),
    sort: z.number().int(),
    data: z
      .record(z.string(), z.unknown())
      .describe('Kind-specific attributes (e.g. a theme day’s date rule)'),
    active: z.boolean(),
  })
  .describe('ReferenceItem');
export type ReferenceItem = z.infer<typeof ReferenceItemSchema>;

export const KindParamsSchema = z.object({ kind: ReferenceKindSchema });
export const ItemParamsSchema = z.object({
  kind: ReferenceKindSchema,
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/),
});
export const ListReferenceQuerySchema = z.object({
  includeInactive: z.enum(['true', 'false']).optional(),
});

export const CreateReferenceItemSchema = z.object({
  code: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,39}$/)
    .describe('UPPER_SNAKE_CASE, 2–40 characters'),
  nameZh: text(60),
  nameEn: text(120),
  sort: z.number().int().min(0).max(10_000).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export const UpdateReferenceItemSchema = CreateReferenceItemSchema.omit({ code: true })
  .extend({ active: z.boolean() })
  .partial();

export const DivisionSchema = z
  .object({
    code: z.string().describe('GB/T 2260 six-digit code'),
    name: z.string(),
    parentCode: z.string().nullable(),
    level: z.number().int().describe('1 province, 2 prefecture, 3 county'),
  })
  .describe('Division');
export const ListDivisionsQuerySchema = z.object({
  parentCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('Children of this division; omit for provinces'),
});
