import type { Db } from '#platform/db/connect.ts';
import type { Locale } from '#platform/i18n.ts';
import type { Actor } from '#platform/policy.ts';

/**
 * To-do lists: what waits for *this* person — works to check, applications to recommend or check,
 * reviews to score, objections to handle. Each module declares its kinds of to-do here, the way it
 * declares its review subjects and search documents; `GET /api/me/todos` asks every source and
 * shows the non-empty ones, the most urgent first. A source answers only for what the actor may
 * act on now (the same rule its own routes apply), with a count and the first few entries.
 */

/** How many entries a group shows; its count says how many there are in all. */
export const TODO_ENTRIES = 5;

export interface TodoEntry {
  id: string;
  title: string;
  /** A second line: the unit, the call, the stage. */
  detail?: string | null;
  /** When it must be done by (ISO date-time), if anything says so. */
  dueAt?: string | null;
  /** Where in the console it is done. */
  link: string;
}

export interface TodoFound {
  count: number;
  entries: TodoEntry[];
}

export interface TodoSource {
  /** Stable name, e.g. `work.check`. */
  kind: string;
  label: Record<Locale, string>;
  /** The console page that lists them all. */
  link: string;
  /** null when the actor cannot have such to-dos at all (no need to ask the database). */
  find(db: Db, actor: Actor, limit: number): Promise<TodoFound> | null;
}

export interface TodoGroup {
  kind: string;
  label: string;
  link: string;
  count: number;
  entries: TodoEntry[];
}

const sources = new Map<string, TodoSource>();

export function defineTodoSource(source: TodoSource): void {
  if (sources.has(source.kind)) throw new Error(`to-do source ${source.kind} defined twice`);
  sources.set(source.kind, source);
}

/** The earliest deadline first; groups without one after those with one, in declaration order. */
export function byDeadline(a: TodoGroup, b: TodoGroup): number {
  const da = firstDue(a);
  const dbb = firstDue(b);
  if (da === dbb) return 0;
  if (da === null) return 1;
  if (dbb === null) return -1;
  return da < dbb ? -1 : 1;
}

function firstDue(g: TodoGroup): string | null {
  let due: string | null = null;
  for (const e of g.entries) if (e.dueAt && (due === null || e.dueAt < due)) due = e.dueAt;
  return due;
}

/** Every source's to-dos for the actor, empty groups left out. */
export async function collectTodos(db: Db, actor: Actor, locale: Locale): Promise<TodoGroup[]> {
  const asked = [...sources.values()].flatMap((s) => {
    const found = s.find(db, actor, TODO_ENTRIES);
    return found ? [found.then((f) => ({ s, f }))] : [];
  });
  const groups = (await Promise.all(asked))
    .filter(({ f }) => f.count > 0)
    .map(({ s, f }) => ({
      kind: s.kind,
      label: s.label[locale],
      link: s.link,
      count: f.count,
      entries: f.entries.slice(0, TODO_ENTRIES),
    }));
  return groups.sort(byDeadline);
}
