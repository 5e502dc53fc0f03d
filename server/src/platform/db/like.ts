import { type RawBuilder, sql } from 'kysely';

/** A LIKE pattern for "contains", with the caller's % and _ taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[%_\\]/g, '\\$&')}%`;
}

/** `column LIKE '%text%'` portable across SQLite and PostgreSQL (explicit escape character). */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${likePattern(text)} escape '\\'`;
}
