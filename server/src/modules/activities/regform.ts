/**
 * An activity's registration form on the platform form engine: the organiser picks the fields
 * (name and phone by default in the editor), answers are checked on the server with each problem
 * naming its field, and a minor's registration needs a guardian (name, contact and an explicit
 * consent). The registrant is a minor when they say so, or when a birth date or age field of the
 * form puts them under the guardian-consent age of the privacy settings (14, or 18).
 */
import type { Executor } from '#platform/db/connect.ts';
import { withFieldKeys } from '#platform/forms/keys.ts';
import { answerNames } from '#platform/forms/present.ts';
import {
  type Answers,
  type FieldProblem,
  type FormField,
  type FormFieldInput,
  kindOf,
} from '#platform/forms/schema.ts';
import { validateAnswers } from '#platform/forms/validate.ts';
import { todayInChina } from '#platform/ids.ts';

/** Kinds a registration form offers: one plain answer each that the portal draws (no pickers, files, tables or map points). */
export const REGISTRATION_KINDS = [
  'text',
  'longText',
  'number',
  'date',
  'choice',
  'multiChoice',
  'yesNo',
  'phone',
  'email',
] as const;

export function formOf(a: { registrationForm: string | null }): FormField[] | null {
  return a.registrationForm ? (JSON.parse(a.registrationForm) as FormField[]) : null;
}

/** The form to store (keys kept, new ones from labels); wrong kinds named by their field. */
export function formToStore(fields: FormFieldInput[] | null): {
  json: string | null;
  problems: FieldProblem[];
} {
  if (fields === null) return { json: null, problems: [] };
  const problems: FieldProblem[] = [];
  fields.forEach((f, i) => {
    if (!(REGISTRATION_KINDS as readonly string[]).includes(kindOf(f)))
      problems.push({
        field: `registrationForm.${i}.type`,
        zh: '报名表不能使用这种字段',
        en: 'is not a kind a registration form offers',
      });
  });
  return { json: JSON.stringify(withFieldKeys(fields)), problems };
}

const BIRTH = /出生|生日|birth/i;
const AGE = /年龄|岁|\bage\b/i;

/** Age in whole years on `day` (YYYY-MM-DD) of someone born on `born`. */
function ageOn(born: string, day: string): number {
  const [by, bm, bd] = born.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Whether the form's answers put the attendee under `age` on the session's (Beijing) day. */
export function minorByAnswers(
  fields: FormField[],
  answers: Answers,
  age: number,
  sessionStartsAt: string,
): boolean {
  const day = todayInChina(Date.parse(sessionStartsAt));
  for (const f of fields) {
    const v = answers[f.key];
    const kind = kindOf(f);
    if (kind === 'date' && BIRTH.test(f.label) && typeof v === 'string' && v <= day)
      if (ageOn(v, day) < age) return true;
    if (kind === 'number' && AGE.test(f.label) && typeof v === 'number' && v < age) return true;
  }
  return false;
}

export interface GuardianInput {
  name: string;
  contact: string;
  consent: boolean;
}

/**
 * Every problem of a registration's answers and guardian, each naming its field; `minor` is
 * whether the attendee is under the guardian-consent age.
 */
export async function checkRegistration(
  db: Executor,
  a: { registrationForm: string | null; admitsMinors: number },
  input: { answers: Answers; minor: boolean; guardian?: GuardianInput | undefined },
  guardianAge: number,
  sessionStartsAt: string,
): Promise<{ problems: FieldProblem[]; minor: boolean; refused: boolean }> {
  const fields = formOf(a);
  const problems = fields
    ? await validateAnswers(db, { fields }, input.answers, { complete: true, path: 'answers' })
    : [];
  const minor =
    input.minor ||
    (!!fields && minorByAnswers(fields, input.answers, guardianAge, sessionStartsAt));
  if (!minor) return { problems, minor, refused: false };
  if (a.admitsMinors !== 1) return { problems, minor, refused: true };
  const g = input.guardian;
  if (!g?.name)
    problems.push({
      field: 'guardian.name',
      zh: '请填写监护人姓名',
      en: 'The guardian’s name is required',
    });
  if (!g?.contact)
    problems.push({
      field: 'guardian.contact',
      zh: '请填写监护人联系方式',
      en: 'The guardian’s contact is required',
    });
  if (!g?.consent)
    problems.push({
      field: 'guardian.consent',
      zh: `未满 ${guardianAge} 周岁的参加者报名须经监护人同意，请勾选监护人同意`,
      en: `An attendee under ${guardianAge} needs the guardian’s explicit consent`,
    });
  return { problems, minor, refused: false };
}

/** Answers for people to read, in the form's order: labels, option labels and names, no codes. */
export async function answerLines(
  db: Executor,
  fields: FormField[] | null,
  answers: Answers,
  locale: 'zh-CN' | 'en-US' = 'zh-CN',
): Promise<{ key: string; label: string; value: string }[]> {
  if (!fields) return [];
  const names = await answerNames(db, { fields }, answers);
  const option = (f: FormField, v: unknown) =>
    f.options?.find((o) => o.value === v)?.label ?? String(v);
  return fields.flatMap((f) => {
    const v = answers[f.key];
    if (v === undefined || v === null || v === '') return [];
    let value: string;
    switch (kindOf(f)) {
      case 'yesNo':
        value = locale === 'zh-CN' ? (v ? '是' : '否') : v ? 'Yes' : 'No';
        break;
      case 'choice':
        value = option(f, v);
        break;
      case 'multiChoice':
        value = (Array.isArray(v) ? v : [v]).map((x) => option(f, x)).join('、');
        break;
      case 'division':
      case 'organisation':
      case 'person':
        value = names[String(v)] ?? '';
        break;
      case 'number':
        value = `${v}${f.unit ? ` ${f.unit}` : ''}`;
        break;
      default:
        value = String(v);
    }
    return [{ key: f.key, label: f.label, value }];
  });
}
