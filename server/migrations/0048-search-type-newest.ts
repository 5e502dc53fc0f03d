import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * The library's list (issue 15): a type's documents newest first — published_at descending,
 * undated last, then seq descending — read from an index in that order and stopped after a page.
 * SQLite reads `search_documents_type (type, published_at)` backwards (the rowid, seq, ends every
 * index entry); PostgreSQL needs the order spelled out.
 */
export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`create index search_documents_type_newest on search_documents (type, published_at desc nulls last, seq desc)`.execute(
    db,
  );
}
