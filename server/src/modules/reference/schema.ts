import { z } from 'zod';
import { boundedRecord, text } from '#platform/schemas.ts';
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
  data: boundedRecord(z.unknown(), 20).optional().describe('Kind-specific attributes, at most 20'),
});
export const UpdateReferenceItemSchema = CreateReferenceItemSchema.omit({ code: true })
  .extend({ active: z.boolean() })
  .partial();

export const DivisionSchema = z
  .object({
    code: z.string().describe('GB/T 2260 six-digit code'),
    name: z.string(),
    nameEn: z
      .string()
      .nullable()
      .describe('The official English name where there is one (province level); else show `name`'),
    parentCode: z.string().nullable(),
    level: z.number().int().describe('1 province, 2 prefecture, 3 county'),
    validFrom: z.string().nullable().describe('First day in force (admin override)'),
    validTo: z.string().nullable().describe('Last day in force; retired divisions are hidden'),
  })
  .describe('Division');

const isoDay = z.iso.date().describe('YYYY-MM-DD');
export const DivisionCodeParamsSchema = z.object({ code: z.string().regex(/^\d{6}$/) });
export const CreateDivisionSchema = z.object({
  code: z
    .string()
    .regex(/^\d{6}$/)
    .describe('GB/T 2260 six-digit code'),
  name: text(40),
  parentCode: z
    .string()
    .regex(/^\d{6}$/)
    .nullable()
    .describe('null for a province-level division'),
  validFrom: isoDay.optional(),
});
export const UpdateDivisionSchema = z
  .object({ name: text(40), validFrom: isoDay.nullable(), validTo: isoDay.nullable() })
  .partial();
export const ListDivisionsQuerySchema = z.object({
  includeRetired: z.enum(['true', 'false']).optional(),
  parentCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .describe('Children of this division; omit for provinces'),
});
