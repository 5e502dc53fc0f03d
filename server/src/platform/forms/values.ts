/** Answers as typed rows (form_values), so that statistics sum numbers in SQL. */
import type { Executor } from '#platform/db/connect.ts';
import * as repo from './repo.ts';
import { type Answers, type AnyField, kindOf } from './schema.ts';
import { type FormDefinitionLike, isEmpty, isIsoDay } from './validate.ts';

type Cell = Pick<repo.FormValueRow, 'rowIndex' | 'columnKey' | 'num' | 'text' | 'date'>;

/** The typed cells of one value: a number in `num`, a day in `date`, everything else in `text`. */
function cellsOf(f: AnyField, v: unknown, rowIndex: number, columnKey: string): Cell[] {
  const cell = (c: Partial<Cell>, i = rowIndex, col = columnKey): Cell => ({
    rowIndex: i,
    columnKey: col,
    num: null,
    text: null,
    date: null,
    ...c,
  });
  if (isEmpty(v)) return [];
  const kind = kindOf(f);
  switch (kind) {
    case 'number':
      return typeof v === 'number' ? [cell({ num: v })] : [];
    case 'yesNo':
      return typeof v === 'boolean' ? [cell({ num: v ? 1 : 0 })] : [];
    case 'date':
      return isIsoDay(v) ? [cell({ date: v })] : [];
    case 'coordinates': {
      const c = v as { lng: number; lat: number };
      return [cell({ num: c.lng }, 0, 'lng'), cell({ num: c.lat }, 0, 'lat')];
    }
    case 'multiChoice':
    case 'file':
      return Array.isArray(v) ? v.map((x, i) => cell({ text: String(x) }, i)) : [];
    case 'table':
      return [];
    case 'text':
    case 'longText':
    case 'choice':
    case 'division':
    case 'organisation':
    case 'person':
    case 'phone':
    case 'email':
      return [cell({ text: String(v) })];
  }
}

/** Every typed row of a set of answers (validated ones: anything else is left out). */
export function formValueRows(
  ownerType: string,
  ownerId: string,
  definition: FormDefinitionLike,
  answers: Answers,
): repo.FormValueRow[] {
  const rows: repo.FormValueRow[] = [];
  for (const f of definition.fields) {
    const v = answers[f.key];
    const cells =
      kindOf(f) === 'table' && Array.isArray(v)
        ? v.flatMap((row: Record<string, unknown>, i) =>
            (f.columns ?? []).flatMap((c) => cellsOf(c, row?.[c.key], i, c.key)),
          )
        : cellsOf(f, v, 0, '');
    for (const c of cells) rows.push({ ownerType, ownerId, fieldKey: f.key, ...c });
  }
  return rows;
}

/**
 * Replaces an owner's typed values with these answers, in the caller's transaction (the owner
 * writes its JSON in the same one, so the two never disagree).
 */
export async function saveAnswers(
  tx: Executor,
  ownerType: string,
  ownerId: string,
  definition: FormDefinitionLike,
  answers: Answers,
): Promise<void> {
  await repo.replaceFormValues(
    tx,
    ownerType,
    ownerId,
    formValueRows(ownerType, ownerId, definition, answers),
  );
}
