/** Answers checked against a form on the server: every problem named by its field, in two languages. */
import { z } from 'zod';
import type { Executor } from '#platform/db/connect.ts';
import { todayInChina } from '#platform/ids.ts';
import * as repo from './repo.ts';
import {
  type Answers,
  type AnyField,
  type FieldKind,
  type FieldProblem,
  type FormField,
  kindOf,
} from './schema.ts';

/** What validation and storage need of a definition (a review call's form has attachments too). */
export interface FormDefinitionLike {
  fields: FormField[];
}

/** China's bounding box (Hainan's southern islands to Mohe, Pamirs to the Wusu Li). */
export const CHINA_BOUNDS = { minLng: 73.5, maxLng: 135.1, minLat: 3.8, maxLat: 53.6 } as const;

/** Mainland mobile (13800138000), landline with area code (010-12345678, ext), +86 before either. */
const PHONE = /^(\+86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;
const EMAIL = z.email();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** YYYY-MM-DD that is a real day (no 2月30日). */
export const isIsoDay = (v: unknown): v is string =>
  typeof v === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(v) &&
  !Number.isNaN(Date.parse(v)) &&
  new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

export const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

const TEXT_MAX = { text: 200, longText: 5000 } as const;

/** A value to look up in the database once all answers are read. */
interface Ref {
  kind: 'division' | 'organisation' | 'person' | 'file';
  id: string;
  f: AnyField;
  bad: Problem;
}
type Problem = (zh: string, en: string) => void;

/** Checks one value of a known shape; database references are collected for later. */
function checkValue(kind: FieldKind, f: AnyField, v: unknown, bad: Problem, refs: Ref[]): void {
  switch (kind) {
    case 'text':
    case 'longText': {
      const max = f.max ?? TEXT_MAX[kind];
      if (typeof v !== 'string') bad('应为文字', 'must be text');
      else if (v.length > max) bad(`不能超过 ${max} 字`, `must be at most ${max} characters`);
      return;
    }
    case 'number': {
      const unit = f.unit ? ` ${f.unit}` : '';
      if (typeof v !== 'number' || !Number.isFinite(v)) bad('应为数字', 'must be a number');
      else if (f.integer && !Number.isInteger(v)) bad('应为整数', 'must be a whole number');
      else if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max))
        bad(
          `应在 ${f.min ?? '-∞'} 到 ${f.max ?? '∞'}${unit} 之间`,
          `must be between ${f.min ?? '-∞'} and ${f.max ?? '∞'}${unit}`,
        );
      return;
    }
    case 'date':
      if (!isIsoDay(v)) bad('应为日期（年-月-日）', 'must be a date (YYYY-MM-DD)');
      return;
    case 'yesNo':
      if (typeof v !== 'boolean') bad('应为是或否', 'must be yes or no');
      return;
    case 'choice':
      if (typeof v !== 'string' || !(f.options ?? []).some((o) => o.value === v))
        bad('不是可选的值', 'is not one of the options');
      return;
    case 'multiChoice': {
      const values = new Set((f.options ?? []).map((o) => o.value));
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !values.has(x)))
        bad('含有不可选的值', 'has values that are not options');
      else if (new Set(v).size !== v.length) bad('有重复的选项', 'has an option twice');
      else if (f.min !== undefined && v.length < f.min)
        bad(`至少选 ${f.min} 项`, `needs at least ${f.min} choices`);
      else if (f.max !== undefined && v.length > f.max)
        bad(`最多选 ${f.max} 项`, `allows at most ${f.max} choices`);
      return;
    }
    case 'phone':
      if (typeof v !== 'string' || !PHONE.test(v.replace(/\s+/g, '')))
        bad(
          '不是有效的电话号码（手机 11 位，座机含区号）',
          'is not a valid phone number (11-digit mobile, or landline with area code)',
        );
      return;
    case 'email':
      if (typeof v !== 'string' || v.length > 200 || !EMAIL.safeParse(v).success)
        bad('不是有效的电子邮箱地址', 'is not a valid e-mail address');
      return;
    case 'coordinates': {
      const c = v as { lng?: unknown; lat?: unknown } | null;
      const ok =
        typeof c === 'object' &&
        c !== null &&
        !Array.isArray(c) &&
        Object.keys(c).every((k) => k === 'lng' || k === 'lat') &&
        typeof c.lng === 'number' &&
        typeof c.lat === 'number';
      if (!ok) bad('应为经纬度', 'must be a longitude and latitude');
      else if (
        (c.lng as number) < CHINA_BOUNDS.minLng ||
        (c.lng as number) > CHINA_BOUNDS.maxLng ||
        (c.lat as number) < CHINA_BOUNDS.minLat ||
        (c.lat as number) > CHINA_BOUNDS.maxLat
      )
        bad('不在我国境内', 'is not within China');
      return;
    }
    case 'division':
      if (typeof v !== 'string' || !/^\d{6}$/.test(v))
        bad('应从行政区划中选择', 'must be chosen from the administrative divisions');
      else refs.push({ kind: 'division', id: v, f, bad });
      return;
    case 'organisation':
    case 'person':
      if (typeof v !== 'string' || !UUID.test(v))
        bad(
          kind === 'person' ? '应从人员中选择' : '应从单位中选择',
          kind === 'person' ? 'must be chosen from the people' : 'must be chosen from the units',
        );
      else refs.push({ kind, id: v.toLowerCase(), f, bad });
      return;
    case 'file': {
      const max = f.maxFiles ?? 5;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || !UUID.test(x)))
        bad('应为上传的文件', 'must be uploaded files');
      else if (v.length > max) bad(`最多 ${max} 个文件`, `allows at most ${max} files`);
      else for (const id of v as string[]) refs.push({ kind: 'file', id, f, bad });
      return;
    }
    case 'table':
      // Rows are checked by the caller, cell by cell.
      return;
  }
}

/**
 * Checks answers against a form: unknown keys, the shape and range of every value, table rows
 * column by column, and (one query per kind) that divisions are in force and within the field's
 * levels, organisations active, people and files present. `complete` also requires the required
 * fields (at submission). `path`: the prefix of problem names (`data` → `data.visitors`).
 */
export async function validateAnswers(
  db: Executor,
  definition: FormDefinitionLike,
  answers: Answers,
  options: { complete?: boolean; path?: string } = {},
): Promise<FieldProblem[]> {
  const complete = options.complete ?? true;
  const prefix = options.path ? `${options.path}.` : '';
  const problems: FieldProblem[] = [];
  const refs: Ref[] = [];
  const known = new Set(definition.fields.map((f) => f.key));
  for (const k of Object.keys(answers))
    if (!known.has(k))
      problems.push({
        field: `${prefix}${k}`,
        zh: '表单中没有这一项',
        en: 'not a field of this form',
      });

  /** Checks one answer (a field, or a table's cell) and reports under its own name. */
  const check = (f: AnyField, v: unknown, field: string, zhName: string, enName: string) => {
    if (isEmpty(v)) {
      if (complete && f.required)
        problems.push({ field, zh: `请填写${zhName}`, en: `${enName} is required` });
      return;
    }
    const bad: Problem = (zh, en) =>
      problems.push({ field, zh: `${zhName}${zh}`, en: `${enName} ${en}` });
    checkValue(kindOf(f), f, v, bad, refs);
  };

  for (const f of definition.fields) {
    const field = `${prefix}${f.key}`;
    const v = answers[f.key];
    check(f, v, field, `“${f.label}”`, f.label);
    if (kindOf(f) !== 'table' || isEmpty(v)) continue;
    if (
      !Array.isArray(v) ||
      v.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))
    ) {
      problems.push({ field, zh: `“${f.label}”应为表格的行`, en: `${f.label} must be table rows` });
      continue;
    }
    if (f.max !== undefined && v.length > f.max)
      problems.push({
        field,
        zh: `“${f.label}”最多 ${f.max} 行`,
        en: `${f.label} allows at most ${f.max} rows`,
      });
    if (f.min !== undefined && v.length < f.min && complete)
      problems.push({
        field,
        zh: `“${f.label}”至少 ${f.min} 行`,
        en: `${f.label} needs at least ${f.min} rows`,
      });
    const columns = f.columns ?? [];
    const colKeys = new Set(columns.map((c) => c.key));
    (v as Record<string, unknown>[]).forEach((row, i) => {
      for (const k of Object.keys(row))
        if (!colKeys.has(k))
          problems.push({
            field: `${field}.${i}.${k}`,
            zh: `“${f.label}”没有这一列`,
            en: `${f.label} has no such column`,
          });
      for (const c of columns)
        check(
          c,
          row[c.key],
          `${field}.${i}.${c.key}`,
          `“${f.label}”第 ${i + 1} 行的“${c.label}”`,
          `${f.label}, row ${i + 1}: ${c.label}`,
        );
    });
  }
  await checkRefs(db, refs);
  return problems;
}

/** One query per kind of reference; each missing one is reported on its field. */
async function checkRefs(db: Executor, refs: Ref[]): Promise<void> {
  const ids = (kind: Ref['kind']) => [
    ...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id)),
  ];
  const [levels, orgs, people, files] = await Promise.all([
    repo.divisionLevels(db, ids('division'), todayInChina()),
    repo.activeOrganisationIds(db, ids('organisation')),
    repo.existingPersonIds(db, ids('person')),
    repo.mediaKinds(db, ids('file')),
  ]);
  const seenFile = new Set<Problem>();
  for (const r of refs)
    switch (r.kind) {
      case 'division': {
        const level = levels.get(r.id);
        if (level === undefined) r.bad('不是现行的行政区划', 'is not a current division');
        else if (r.f.minLevel !== undefined && level < r.f.minLevel)
          r.bad(
            `应选到${LEVEL_ZH[r.f.minLevel]}`,
            `must be chosen down to a ${LEVEL_EN[r.f.minLevel]}`,
          );
        else if (r.f.maxLevel !== undefined && level > r.f.maxLevel)
          r.bad(
            `只需选到${LEVEL_ZH[r.f.maxLevel]}`,
            `goes no finer than a ${LEVEL_EN[r.f.maxLevel]}`,
          );
        break;
      }
      case 'organisation':
        if (!orgs.has(r.id)) r.bad('不是现有的单位', 'is not an existing unit');
        break;
      case 'person':
        if (!people.has(r.id)) r.bad('不是现有的人员', 'is not an existing person');
        break;
      case 'file': {
        // One message per field, however many of its files are wrong.
        if (seenFile.has(r.bad)) break;
        const kind = files.get(r.id);
        if (kind === undefined) r.bad('含有不存在的文件', 'has files that do not exist');
        else if (r.f.accept && !r.f.accept.includes(kind))
          r.bad('的文件类型不符', 'has a file of the wrong type');
        else break;
        seenFile.add(r.bad);
        break;
      }
    }
}

const LEVEL_ZH: Record<number, string> = { 1: '省级', 2: '地级', 3: '县级' };
const LEVEL_EN: Record<number, string> = { 1: 'province', 2: 'prefecture', 3: 'county' };
