import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * E-mail invitations to join the expert directory (issue 13 §1): a unit's administrator invites
 * people by address; each gets a mail with a one-time link. Only the link token's sha256 is kept
 * (`token_hash`, set by the mail job when it sends; a resend makes a new one and the old link
 * ends). One open invitation per unit and address (`accepted_at` and `revoked_at` both empty).
 * `expert_invitation_sends`: one row per mail asked for (invite or resend), counted for the
 * per-administrator daily limit.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('expert_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('token_hash', 'text')
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createIndex('expert_invitations_token')
    .on('expert_invitations')
    .column('token_hash')
    .unique()
    .execute();
  // One open invitation per unit and address: two admins inviting at once, one wins.
  await sql`create unique index expert_invitations_open on expert_invitations (organisation_id, email) where accepted_at is null and revoked_at is null`.execute(
    db,
  );
  await db.schema
    .createIndex('expert_invitations_org')
    .on('expert_invitations')
    .columns(['organisation_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('expert_invitations_email')
    .on('expert_invitations')
    .column('email')
    .execute();
  await db.schema
    .createIndex('expert_invitations_accepted_user')
    .on('expert_invitations')
    .column('accepted_user_id')
    .execute();
  await db.schema
    .createTable('expert_invitation_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('expert_invitations.id'))
    .addColumn('sent_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('expert_invitation_sends_by')
    .on('expert_invitation_sends')
    .columns(['sent_by', 'created_at'])
    .execute();
  await db.schema
    .createIndex('expert_invitation_sends_invitation')
    .on('expert_invitation_sends')
    .column('invitation_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('expert_invitation_sends').execute();
  await db.schema.dropTable('expert_invitations').execute();
}
