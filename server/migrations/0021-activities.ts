import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and do not use today's table types.
type AnyDb = Kysely<any>;

/**
 * 科普活动: campaigns (a theme day's yearly week, entered from its notice — never computed),
 * activities (one host unit, a lifecycle DRAFT → PUBLISHED → CANCELLED), their sessions (each
 * with its own capacity and a maintained `taken` counter) and registrations (one live per person
 * and session, held by a partial unique index; capacity held by a conditional UPDATE of `taken`).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // a THEME_DAY reference code (EARTH_DAY …)
    .addColumn('theme_day_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    // YYYY-MM-DD, China dates, inclusive
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notice_doc_no', 'text')
    // division code (GB/T 2260) of the main venue's city
    .addColumn('host_division', 'text')
    // organisation ids, JSON array
    .addColumn('organiser_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ordinal_override', 'integer')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('campaigns_theme_day_year')
    .on('campaigns')
    .columns(['theme_day_code', 'year'])
    .unique()
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    // organisation ids, JSON array
    .addColumn('co_organiser_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    // an ACTIVITY_TYPE reference code
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    // sanitized rich text (platform/richtext)
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    // AUDIENCE codes, sector and topic codes: JSON arrays
    .addColumn('audiences', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sectors', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('topics', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('theme_day_code', 'text')
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id'))
    .addColumn('division_code', 'text')
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('online_url', 'text')
    .addColumn('cover_media_id', 'text')
    // DRAFT | PUBLISHED | CANCELLED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cancel_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('cancelled_at', 'text')
    .execute();
  await db.schema
    .createIndex('activities_org_status')
    .on('activities')
    .columns(['organisation_id', 'status'])
    .execute();
  await db.schema
    .createIndex('activities_campaign')
    .on('activities')
    .column('campaign_id')
    .execute();

  await db.schema
    .createTable('activity_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    // ISO-8601 UTC instants
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    // null: no limit (an online talk)
    .addColumn('capacity', 'integer')
    // places held by CONFIRMED, OFFERED and PENDING_APPROVAL registrations; only ever changed by
    // a conditional UPDATE in the registration's transaction
    .addColumn('taken', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('registration_opens_at', 'text')
    .addColumn('registration_closes_at', 'text')
    .addColumn('approval_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('per_person_limit', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('hold_hours', 'integer', (c) => c.notNull().defaultTo(24))
    // hours before the start after which a person can no longer cancel
    .addColumn('cancel_cutoff_hours', 'integer', (c) => c.notNull().defaultTo(0))
    // ACTIVE | CANCELLED
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('ACTIVE'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activity_sessions_activity')
    .on('activity_sessions')
    .columns(['activity_id', 'starts_at'])
    .execute();
  await db.schema
    .createIndex('activity_sessions_starts')
    .on('activity_sessions')
    .column('starts_at')
    .execute();

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('activity_sessions.id'))
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(1))
    // CONFIRMED | WAITLISTED | OFFERED | PENDING_APPROVAL | CANCELLED | DECLINED | EXPIRED
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('offer_expires_at', 'text')
    // HMAC-signed; set once the place is confirmed
    .addColumn('ticket_code', 'text')
    // ISO time plus the UUIDv7 id order the waiting list
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    // the first accepted scan's time (the earliest, when offline devices sync late)
    .addColumn('checked_in_at', 'text')
    .execute();
  // One live registration per person and session: two requests at once, one wins.
  await db.schema
    .createIndex('registrations_one_live')
    .on('registrations')
    .columns(['session_id', 'user_id'])
    .unique()
    .where(sql<boolean>`status in ('CONFIRMED', 'WAITLISTED', 'OFFERED', 'PENDING_APPROVAL')`)
    .execute();
  await db.schema
    .createIndex('registrations_ticket')
    .on('registrations')
    .column('ticket_code')
    .unique()
    .execute();
  await db.schema
    .createIndex('registrations_session_status')
    .on('registrations')
    .columns(['session_id', 'status', 'created_at'])
    .execute();
  await db.schema
    .createIndex('registrations_user')
    .on('registrations')
    .columns(['user_id', 'created_at'])
    .execute();

  // Every scan is kept (two devices scanning one ticket: one check-in, both scans recorded); a
  // device re-sending its queue adds nothing (unique on device, code and time).
  await db.schema
    .createTable('check_in_scans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activities.id'))
    .addColumn('registration_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    // CHECKED_IN | ALREADY | INVALID | WRONG_ACTIVITY | WRONG_SESSION | NOT_CONFIRMED
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('check_in_scans_once')
    .on('check_in_scans')
    .columns(['device_id', 'code', 'scanned_at'])
    .unique()
    .execute();
  await db.schema
    .createIndex('check_in_scans_activity')
    .on('check_in_scans')
    .columns(['activity_id', 'scanned_at'])
    .execute();
}
