import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * The demo world: one row when the demo data was seeded (which day its dates are counted from and
 * which person stands for each role), and one-time sign-in links (`kepu demo logins`) that sign a
 * demo person in without a password. Links are stored as a sha256 of the token only.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('demo_world')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seeded_on', 'text', (c) => c.notNull())
    // { role: userId } for the roles `demo logins` prints.
    .addColumn('people', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sign_in_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('sign_in_links_user').on('sign_in_links').column('user_id').execute();
}
