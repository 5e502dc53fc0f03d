/**
 * Personal data a module keeps about a person, for the account's export and deletion (PIPL: a
 * person can take and erase their data). A module declares once, next to its data, what it
 * exports (sections of items, every field with a label in the reader's language, never a code)
 * and how it erases; `GET /api/me/export` adds every module's sections, `DELETE /api/me` runs every
 * module's `erase` in the deletion's transaction, before the account's own fields go.
 */
import type { RequestContext } from './audit.ts';
import type { Db, Executor } from './db/connect.ts';
import type { Locale } from './i18n.ts';

/** One labelled value; a list of labelled values for a form's answers and the like. */
export interface PersonalField {
  label: string;
  value: string | number | null | { label: string; value: string | number | null }[];
}

/** What a module exports: one section per kind of thing (报名记录, 团体预约 …). */
export interface PersonalSection {
  /** The module that keeps it, e.g. `activities`. */
  module: string;
  /** Stable within the module, e.g. `registrations`. */
  key: string;
  /** The section's title in the reader's language. */
  title: string;
  /** One entry per thing, its fields in reading order. */
  items: PersonalField[][];
}

/** What a module's `erase` is given besides the transaction and the person. */
export interface EraseContext {
  ctx: RequestContext;
  nowMs: number;
  /** The database the deletion's transaction runs on (e.g. for the search engine). */
  db: Db;
}

export interface PersonalDataProvider {
  module: string;
  export(db: Executor, userId: string, locale: Locale): Promise<PersonalSection[]>;
  /** Erases or anonymises the person's data; runs in the account deletion's transaction. */
  erase(tx: Executor, userId: string, ec: EraseContext): Promise<void>;
}

const PROVIDERS = new Map<string, PersonalDataProvider>();

/** Declares a module's personal data (once per module, at import). */
export function definePersonalData(p: PersonalDataProvider): PersonalDataProvider {
  if (PROVIDERS.has(p.module)) throw new Error(`personal data of ${p.module} defined twice`);
  PROVIDERS.set(p.module, p);
  return p;
}

/** Every module's sections about the person, modules in the order they were declared. */
export async function exportPersonalData(
  db: Executor,
  userId: string,
  locale: Locale,
): Promise<PersonalSection[]> {
  const out: PersonalSection[] = [];
  for (const p of PROVIDERS.values()) out.push(...(await p.export(db, userId, locale)));
  return out;
}

/** Runs every module's erasure in the caller's transaction. */
export async function erasePersonalData(
  tx: Executor,
  userId: string,
  ec: EraseContext,
): Promise<void> {
  for (const p of PROVIDERS.values()) await p.erase(tx, userId, ec);
}
