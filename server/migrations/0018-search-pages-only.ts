import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Every search result links to a page that exists: documents without a page (organisations,
 * which the portal shows through the bases they host) leave the index. The engine no longer
 * writes them; this removes those written before.
 */
export async function up(db: AnyDb): Promise<void> {
  await sql`delete from search_documents where url is null`.execute(db);
}
