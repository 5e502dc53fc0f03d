import { z } from 'zod';

/** The one error shape every failing route answers with. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable machine-readable code, e.g. VALIDATION_FAILED'),
      message: z.string().describe('Human-readable message in zh-CN or en-US (Accept-Language)'),
      details: z
        .unknown()
        .describe('For VALIDATION_FAILED: { fields: [{ field, location, message }] }'),
    }),
  })
  .describe('Error');

export const IdParamsSchema = z.object({ id: z.uuid().describe('Resource id (UUIDv7)') });

export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1).describe('1-based page number'),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(20)
    .describe('Items per page (at most 1000)'),
});

/** A page of items with the total count, the shape every list route returns. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().describe('Number of items matching the filters'),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const OkSchema = z.object({ ok: z.literal(true) });

/** Standard error responses to list in OpenAPI next to a route's success schema. */
export const ERRORS = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  422: ErrorSchema,
  429: ErrorSchema,
} as const;

/**
 * Blank to the eye: white space (U+3000 too), format characters (zero-width space, joiners,
 * U+2060, U+FEFF, bidi marks), controls, and the Hangul and braille blanks.
 */
const INVISIBLE_ONLY = /^[\p{White_Space}\p{Cf}\p{Cc}\u115F\u1160\u2800\u3164\uFFA0]*$/u;

/**
 * A name or title: one trimmed line, non-empty, bounded, with something visible in it (a title
 * of zero-width spaces would show as nothing in every list).
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // The messages are for reports outside HTTP (imports); answers take the reason's, localized.
    .refine((s) => !/[\t\n\r]/.test(s), {
      params: { reason: 'single_line' },
      message: '不能包含换行符或制表符 / must be one line',
    })
    .refine((s) => s === '' || !INVISIBLE_ONLY.test(s), {
      params: { reason: 'invisible' },
      message: '不能只含空格或不可见字符 / must contain visible characters',
    });

/**
 * An object of free keys with a bound on their number and length (zod has no `maxProperties`:
 * checked here, and written into the OpenAPI document, where the bounded-input test reads it).
 */
export function boundedRecord<V extends z.ZodType>(value: V, maxKeys: number, maxKeyLength = 40) {
  return z
    .record(z.string().max(maxKeyLength), value)
    .superRefine((o, ctx) => {
      if (Object.keys(o).length > maxKeys)
        ctx.addIssue({
          code: 'too_big',
          origin: 'object',
          maximum: maxKeys,
          inclusive: true,
          input: o,
        });
    })
    .meta({ maxProperties: maxKeys });
}
