import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * Account safety (issue 9): a person's home unit (who may manage them), one-time TOTP steps and
 * recovery codes, a pending TOTP secret that survives a reload, administrator-issued password
 * resets, invitations across units, and consent to versioned privacy documents.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('home_organisation_id', 'text', (c) => c.references('organisations.id'))
    .execute();
  await db.schema.alterTable('users').addColumn('last_login_at', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // RFC 6238 §5.2: the last accepted time step; a code is accepted once.
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_at', 'text').execute();
  await db.schema
    .createIndex('users_home_organisation')
    .on('users')
    .column('home_organisation_id')
    .execute();

  // A pending secret written by the old enrolment (totp_secret without totp_enabled_at) moves over.
  await sql`update users set totp_pending_secret = totp_secret, totp_pending_at = updated_at, totp_secret = null
            where totp_secret is not null and totp_enabled_at is null`.execute(db);
  // Home unit: the one organisation a person holds roles in, when there is exactly one.
  await sql`update users set home_organisation_id = (
              select min(g.organisation_id) from role_grants g where g.user_id = users.id)
            where (select count(distinct g.organisation_id) from role_grants g
                   where g.user_id = users.id and g.organisation_id is not null) = 1`.execute(db);

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('recovery_codes_user')
    .on('recovery_codes')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema
    .createIndex('password_resets_user')
    .on('password_resets')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('invited_by', 'text', (c) => c.references('users.id'))
    // PENDING | ACCEPTED | DECLINED | REVOKED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('invitations_user')
    .on('invitations')
    .columns(['user_id', 'status'])
    .execute();
  await db.schema
    .createIndex('invitations_organisation')
    .on('invitations')
    .columns(['organisation_id', 'status'])
    .execute();

  // Privacy policy and user agreement, versioned; a new version is a new row.
  await db.schema
    .createTable('policy_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // PRIVACY | TERMS
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('users.id'))
    .addUniqueConstraint('policy_documents_kind_version', ['kind', 'version'])
    .execute();
  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('consents_user')
    .on('consents')
    .columns(['user_id', 'kind'])
    .execute();

  // A signed-in person's objection to a public notice is theirs to export (PIPL).
  await db.schema
    .alterTable('review_objections')
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .execute();
}
