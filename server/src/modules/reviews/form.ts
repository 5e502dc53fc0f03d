import { z } from 'zod';
import type { Executor } from '#platform/db/connect.ts';
import { keyFromLabel, withFieldKeys } from '#platform/forms/keys.ts';
import {
  FieldKeySchema,
  type FieldProblem,
  FormFieldsInputSchema,
  FormFieldsSchema,
  FormFieldSchema as PlatformFieldSchema,
} from '#platform/forms/schema.ts';
import { validateAnswers } from '#platform/forms/validate.ts';
import { MEDIA_KINDS } from '../media/schema.ts';

export type { FieldProblem };

/**
 * A call's form: platform/forms fields (the engine: kinds, validation, typed values) and the
 * review's own required attachments. Stored calls with the old type names (textarea, select,
 * multiselect, boolean) parse and validate unchanged: the engine maps them onto its kinds.
 */
export const FormFieldSchema = PlatformFieldSchema;
export type FormField = z.infer<typeof FormFieldSchema>;

const key = FieldKeySchema;
export const FormAttachmentSchema = z.object({
  key,
  label: z.string().trim().min(1).max(60),
  kinds: z.array(z.enum(MEDIA_KINDS)).min(1).max(MEDIA_KINDS.length),
  required: z.boolean().default(false),
  maxFiles: z.number().int().min(1).max(20).default(5),
});
export type FormAttachment = z.infer<typeof FormAttachmentSchema>;

const attachments = z.array(FormAttachmentSchema).max(20).default([]);
export const FormDefinitionSchema = z.object({ fields: FormFieldsSchema, attachments });
export type FormDefinition = z.infer<typeof FormDefinitionSchema>;

/** What an organiser sends: a new field, column or attachment may leave out its key. */
export const FormDefinitionInputSchema = z.object({
  // Files go in the call's attachments: those are linked to the application and read under the
  // application's access rules (a file field's ids would not be).
  fields: FormFieldsInputSchema.refine((fs) => fs.every((f) => f.type !== 'file'), {
    message: 'files are attachments of the call, not fields',
  }),
  attachments: z
    .array(FormAttachmentSchema.extend({ key: key.optional() }))
    .max(20)
    .default([]),
});

/** The form to store: keys kept, missing ones made from labels (年接待人次 → nianJieDaiRenCi). */
export function withFormKeys(input: z.infer<typeof FormDefinitionInputSchema>): FormDefinition {
  const taken = new Set(input.attachments.flatMap((a) => (a.key ? [a.key] : [])));
  return {
    fields: withFieldKeys(input.fields),
    attachments: input.attachments.map((a) => {
      const k = a.key ?? keyFromLabel(a.label, taken);
      taken.add(k);
      return { ...a, key: k };
    }),
  };
}

/** Criteria with every key: kept ones stay (scores are stored under them), new ones from labels. */
export function withRubricKeys<C extends { key?: string; label: string }>(
  rubric: C[],
): (C & { key: string })[] {
  const taken = new Set(rubric.flatMap((c) => (c.key ? [c.key] : [])));
  return rubric.map((c) => {
    const k = c.key ?? keyFromLabel(c.label, taken);
    taken.add(k);
    return { ...c, key: k };
  });
}

/**
 * Checks application data against the form (platform/forms: every field's kind, divisions,
 * units and people looked up) and the attachments; `complete` also requires the required fields
 * and attachments (at submission). Returns every problem, each naming its field.
 */
export async function checkFormData(
  db: Executor,
  form: FormDefinition,
  data: Record<string, unknown>,
  attachments: Record<string, { kind: string }[]>,
  complete: boolean,
): Promise<FieldProblem[]> {
  const problems = await validateAnswers(db, form, data, { complete, path: 'data' });
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
