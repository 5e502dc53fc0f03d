import { z } from 'zod';
import { MEDIA_KINDS } from '../media/schema.ts';

/** A call's form: typed fields and required attachments (what an application must contain). */
export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'multiselect',
  'boolean',
] as const;

const key = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, 'lowerCamel key, letters and digits');

export const FormFieldSchema = z.object({
  key,
  label: z.string().trim().min(1).max(60),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  options: z
    .array(z.object({ value: z.string().min(1).max(60), label: z.string().min(1).max(60) }))
    .max(100)
    .optional()
    .describe('For select and multiselect'),
  min: z.number().optional().describe('Number: smallest value'),
  max: z.number().optional().describe('Number: largest value; text: longest length'),
  help: z.string().max(200).optional(),
});
export type FormField = z.infer<typeof FormFieldSchema>;

export const FormAttachmentSchema = z.object({
  key,
  label: z.string().trim().min(1).max(60),
  kinds: z.array(z.enum(MEDIA_KINDS)).min(1).max(MEDIA_KINDS.length),
  required: z.boolean().default(false),
  maxFiles: z.number().int().min(1).max(20).default(5),
});
export type FormAttachment = z.infer<typeof FormAttachmentSchema>;

export const FormDefinitionSchema = z
  .object({
    fields: z.array(FormFieldSchema).max(60),
    attachments: z.array(FormAttachmentSchema).max(20).default([]),
  })
  .refine((f) => new Set(f.fields.map((x) => x.key)).size === f.fields.length, {
    message: 'field keys must be unique',
    path: ['fields'],
  });
export type FormDefinition = z.infer<typeof FormDefinitionSchema>;

export interface FieldProblem {
  field: string;
  zh: string;
  en: string;
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));

/**
 * Checks application data against the form; `complete` also requires the required fields and
 * attachments (at submission). Returns every problem, each naming its field.
 */
export function checkFormData(
  form: FormDefinition,
  data: Record<string, unknown>,
  attachments: Record<string, { kind: string }[]>,
  complete: boolean,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (f: { key: string }) => `data.${f.key}`;
  const known = new Set(form.fields.map((f) => f.key));
  for (const k of Object.keys(data))
    if (!known.has(k))
      problems.push({ field: `data.${k}`, zh: '表单中没有这一项', en: 'not a field of this form' });
  for (const f of form.fields) {
    const v = data[f.key];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (complete && f.required)
        problems.push({ field: at(f), zh: `请填写“${f.label}”`, en: `${f.label} is required` });
      continue;
    }
    const bad = (zh: string, en: string) =>
      problems.push({ field: at(f), zh: `“${f.label}”${zh}`, en: `${f.label} ${en}` });
    const values = new Set((f.options ?? []).map((o) => o.value));
    switch (f.type) {
      case 'text':
      case 'textarea':
        if (typeof v !== 'string') bad('应为文字', 'must be text');
        else if (v.length > (f.max ?? (f.type === 'text' ? 200 : 5000)))
          bad(`不能超过 ${f.max ?? (f.type === 'text' ? 200 : 5000)} 字`, 'is too long');
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) bad('应为数字', 'must be a number');
        else if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max))
          bad(
            `应在 ${f.min ?? '-∞'} 到 ${f.max ?? '∞'} 之间`,
            `must be between ${f.min ?? '-∞'} and ${f.max ?? '∞'}`,
          );
        break;
      case 'date':
        if (typeof v !== 'string' || !isDate(v))
          bad('应为日期（年-月-日）', 'must be a date (YYYY-MM-DD)');
        break;
      case 'boolean':
        if (typeof v !== 'boolean') bad('应为是或否', 'must be yes or no');
        break;
      case 'select':
        if (typeof v !== 'string' || !values.has(v))
          bad('不是可选的值', 'is not one of the options');
        break;
      case 'multiselect':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !values.has(x)))
          bad('含有不可选的值', 'has values that are not options');
        break;
    }
  }
  const knownAtt = new Set(form.attachments.map((a) => a.key));
  for (const k of Object.keys(attachments))
    if (!knownAtt.has(k))
      problems.push({
        field: `attachments.${k}`,
        zh: '表单中没有这一附件',
        en: 'not an attachment of this form',
      });
  for (const a of form.attachments) {
    const files = attachments[a.key] ?? [];
    const field = `attachments.${a.key}`;
    if (complete && a.required && files.length === 0)
      problems.push({ field, zh: `请上传“${a.label}”`, en: `${a.label} is required` });
    if (files.length > a.maxFiles)
      problems.push({
        field,
        zh: `“${a.label}”最多 ${a.maxFiles} 个文件`,
        en: `${a.label}: at most ${a.maxFiles} files`,
      });
    if (files.some((f) => !a.kinds.includes(f.kind as FormAttachment['kinds'][number])))
      problems.push({ field, zh: `“${a.label}”的文件类型不符`, en: `${a.label}: wrong file type` });
  }
  return problems;
}
