import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * A facet of a work's own type (VIDEO, BOOK …): works indexed before it get their w_ key right
 * after their type key (k_work), as new ones have it — among the facets, before the sample keys
 * that platform/search cuts off at ` b_`. SQLite's update trigger re-indexes each row in FTS5;
 * PostgreSQL's GIN indexes follow the column.
 */
export async function up(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const rekey = (tx: AnyDb) =>
    sql`update search_documents
      set facet_keys = 'k_work w_' || subtype || substr(facet_keys, 7)
      where type = 'work' and subtype is not null and substr(facet_keys, 1, 7) = 'k_work '
        and facet_keys not like '% w\\_%' escape '\\'`.execute(tx);
  // Kysely runs PostgreSQL's migrations in a transaction, not SQLite's.
  if (dialect === 'sqlite') await db.transaction().execute(rekey);
  else await rekey(db);
}
