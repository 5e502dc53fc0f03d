/** Field keys made from labels: an organiser names a field, never types `divisionCode`. */
import { pinyin } from 'pinyin-pro';
import { FIELD_KEY, type FormField, type FormFieldInput } from './schema.ts';

const MAX = 40;

/**
 * lowerCamel key of a label in pinyin without tones (年接待人次 → nianJieDaiRenCi; other words
 * kept: "Area (m²)" → areaM); `taken` keys get a number (nianJieDaiRenCi2). Never empty.
 */
export function keyFromLabel(label: string, taken: Iterable<string> = []): string {
  const words = pinyin(label, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .flatMap((w) => w.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  let key = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
  if (!/^[a-z]/.test(key)) key = `f${key.charAt(0).toUpperCase()}${key.slice(1)}`;
  key = key.slice(0, MAX);
  const used = new Set(taken);
  if (!used.has(key)) return key;
  for (let n = 2; ; n++) {
    const next = `${key.slice(0, MAX - String(n).length)}${n}`;
    if (!used.has(next)) return next;
  }
}

/**
 * Fields with every key present: kept keys stay (answers are stored under them), missing ones
 * are made from the label, unique within the form (columns: within their table).
 */
export function withFieldKeys(fields: FormFieldInput[]): FormField[] {
  const taken = new Set(fields.flatMap((f) => (f.key ? [f.key] : [])));
  return fields.map(({ columns, ...f }) => {
    const key = f.key ?? keyFromLabel(f.label, taken);
    taken.add(key);
    return { ...f, key, ...(columns ? { columns: withColumnKeys(columns) } : {}) };
  });
}

function withColumnKeys<C extends { key?: string | undefined; label: string }>(
  columns: C[],
): (C & { key: string })[] {
  const taken = new Set(columns.flatMap((c) => (c.key ? [c.key] : [])));
  return columns.map((c) => {
    const key = c.key ?? keyFromLabel(c.label, taken);
    taken.add(key);
    return { ...c, key };
  });
}

/** Whether a string is a well-formed field key. */
export const isFieldKey = (k: string) => FIELD_KEY.test(k);
