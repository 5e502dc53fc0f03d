/**
 * A form definition: typed fields that people fill in. Every module with a dynamic form (review
 * calls today; activities, contests and statistics next) stores one of these as JSON and hands
 * answers to `validateAnswers` and `saveAnswers`.
 */
import { z } from 'zod';

/** The kinds of field a form can ask for. */
export const FIELD_KINDS = [
  'text',
  'longText',
  'number',
  'date',
  'choice',
  'multiChoice',
  'yesNo',
  'file',
  'division',
  'organisation',
  'person',
  'coordinates',
  'phone',
  'email',
  'table',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** Names the review engine used before the platform kinds; stored calls still carry them. */
export const LEGACY_KINDS = {
  textarea: 'longText',
  select: 'choice',
  multiselect: 'multiChoice',
  boolean: 'yesNo',
} as const satisfies Record<string, FieldKind>;
type LegacyKind = keyof typeof LEGACY_KINDS;
const ALL_TYPES = [...FIELD_KINDS, ...(Object.keys(LEGACY_KINDS) as LegacyKind[])] as const;

/** Kinds a table column may have: one value per cell. */
export const COLUMN_KINDS = [
  'text',
  'longText',
  'number',
  'date',
  'choice',
  'yesNo',
  'division',
  'organisation',
  'person',
  'phone',
  'email',
] as const satisfies readonly FieldKind[];

/** The platform kind of a field, old names included. */
export function kindOf(f: { type: string }): FieldKind {
  return (LEGACY_KINDS as Record<string, FieldKind>)[f.type] ?? (f.type as FieldKind);
}

export const FIELD_KEY = /^[a-z][a-zA-Z0-9_]{0,39}$/;
export const FieldKeySchema = z
  .string()
  .regex(FIELD_KEY, 'lowerCamel key, letters and digits')
  .describe('Generated from the label (keyFromLabel); never typed by a person');

const OptionSchema = z.object({
  value: z.string().min(1).max(60),
  label: z.string().min(1).max(60),
});

/** What every field and column has, and each kind's options (ignored by other kinds). */
const fieldShape = {
  key: FieldKeySchema,
  label: z.string().trim().min(1).max(60),
  required: z.boolean().default(false),
  help: z.string().max(200).optional(),
  options: z.array(OptionSchema).max(100).optional().describe('choice, multiChoice: the options'),
  min: z
    .number()
    .optional()
    .describe('number: smallest value; multiChoice: fewest picks; table: fewest rows'),
  max: z
    .number()
    .optional()
    .describe(
      'number: largest value; text: longest length; multiChoice: most picks; table: most rows',
    ),
  unit: z.string().trim().max(12).optional().describe('number: the unit shown beside it (人次)'),
  integer: z.boolean().optional().describe('number: whole numbers only'),
  minLevel: z
    .number()
    .int()
    .min(1)
    .max(3)
    .optional()
    .describe('division: the level an answer must reach (1 province, 2 prefecture, 3 county)'),
  maxLevel: z
    .number()
    .int()
    .min(1)
    .max(3)
    .optional()
    .describe('division: the finest level offered'),
  accept: z
    .array(z.string().regex(/^[A-Z]{2,10}$/))
    .max(10)
    .optional()
    .describe('file: the media kinds accepted (IMAGE, PDF…); any when absent'),
  maxFiles: z.number().int().min(1).max(20).optional().describe('file: most files (5)'),
  divisionField: z
    .string()
    .regex(FIELD_KEY)
    .max(40)
    .optional()
    .describe('coordinates: the division field whose centre is offered first'),
};

const uniqueKeys = (xs: { key?: string | undefined }[]) => {
  const keys = xs.flatMap((x) => (x.key ? [x.key] : []));
  return new Set(keys).size === keys.length;
};

const column = z.object({ ...fieldShape, type: z.enum(COLUMN_KINDS) });
const columnInput = column.extend({ key: FieldKeySchema.optional() });
const columnsOf = <C extends z.ZodType<{ key?: string | undefined }>>(c: C) =>
  z
    .array(c)
    .max(20)
    .refine(uniqueKeys, 'column keys must be unique')
    .optional()
    .describe('table: the columns of each row');
const field = z.object({
  ...fieldShape,
  type: z.enum(ALL_TYPES).describe('The kind (textarea/select/multiselect/boolean: old names)'),
  columns: columnsOf(column),
});
const fieldInput = field.extend({
  key: FieldKeySchema.optional(),
  columns: columnsOf(columnInput),
});
const TABLE_HAS_COLUMNS = {
  check: (f: { type: string; columns?: unknown[] | undefined }) =>
    kindOf(f) !== 'table' || (f.columns?.length ?? 0) > 0,
  params: { message: 'a table needs columns', path: ['columns'] },
};
const keyed = {
  column,
  field: field.refine(TABLE_HAS_COLUMNS.check, TABLE_HAS_COLUMNS.params),
  fields: z
    .array(field.refine(TABLE_HAS_COLUMNS.check, TABLE_HAS_COLUMNS.params))
    .max(60)
    .refine(uniqueKeys, 'field keys must be unique'),
};
const unkeyed = {
  field: fieldInput.refine(TABLE_HAS_COLUMNS.check, TABLE_HAS_COLUMNS.params),
  fields: z
    .array(fieldInput.refine(TABLE_HAS_COLUMNS.check, TABLE_HAS_COLUMNS.params))
    .max(60)
    .refine(uniqueKeys, 'field keys must be unique'),
};

export const FormColumnSchema = keyed.column.describe('FormColumn');
export type FormColumn = z.infer<typeof FormColumnSchema>;
export const FormFieldSchema = keyed.field.describe('FormField');
export type FormField = z.infer<typeof FormFieldSchema>;
/** A form's fields as stored and shown: every field and column has its key. */
export const FormFieldsSchema = keyed.fields;
/** A form's fields as an organiser sends them: a new field or column may leave out its key. */
export const FormFieldsInputSchema = unkeyed.fields;
export type FormFieldInput = z.infer<typeof unkeyed.field>;
/** A field or a table column: what validation and storage look at. */
export type AnyField = FormField | FormColumn;

/** Answers as stored in JSON: field key → value (a table: an array of rows, column key → value). */
export type Answers = Record<string, unknown>;

/** A problem with one answer, named by its path (`data.visitors`, `data.rooms.2.area`). */
export interface FieldProblem {
  field: string;
  zh: string;
  en: string;
}
