import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as foundation from '../../../migrations/0001-foundation.ts';
import * as search from '../../../migrations/0002-search.ts';
import * as works from '../../../migrations/0003-works.ts';
import * as mediaCollections from '../../../migrations/0004-media-collections.ts';
import * as searchScale from '../../../migrations/0005-search-scale.ts';
import * as reviews from '../../../migrations/0006-reviews.ts';
import * as bases from '../../../migrations/0007-bases.ts';
import * as reviewSubjects from '../../../migrations/0008-review-subjects.ts';
import * as cooperations from '../../../migrations/0009-base-cooperations.ts';
import * as searchTiers from '../../../migrations/0010-search-tiers.ts';
import * as searchWorkTypes from '../../../migrations/0011-search-work-types.ts';
import * as auditKey from '../../../migrations/0012-audit-key.ts';
import * as accountSafety from '../../../migrations/0013-account-safety.ts';
import * as jobs from '../../../migrations/0014-jobs.ts';
import * as notifications from '../../../migrations/0015-notifications.ts';
import * as formValues from '../../../migrations/0016-form-values.ts';
import * as demoSignIn from '../../../migrations/0017-demo-sign-in.ts';
import * as searchPagesOnly from '../../../migrations/0018-search-pages-only.ts';
import * as publicCalls from '../../../migrations/0019-public-calls.ts';
import * as siteCalendar from '../../../migrations/0020-site-calendar.ts';
import * as activities from '../../../migrations/0021-activities.ts';
import * as activityOrganiser from '../../../migrations/0022-activity-organiser.ts';
import * as officialHolidays from '../../../migrations/0024-official-holidays-and-named-people.ts';
import * as checkInModes from '../../../migrations/0025-check-in-modes.ts';
import * as activityFeedback from '../../../migrations/0026-activity-feedback.ts';
import * as activityGroups from '../../../migrations/0027-activity-groups.ts';
import * as youthSquads from '../../../migrations/0028-youth-squads.ts';
import * as openDays from '../../../migrations/0029-open-days.ts';
import * as checkInScanRegistration from '../../../migrations/0030-check-in-scan-registration.ts';
import * as expertDirectory from '../../../migrations/0031-expert-directory.ts';
import * as certificates from '../../../migrations/0033-certificates.ts';
import * as volunteers from '../../../migrations/0035-volunteers.ts';
import * as volunteerShifts from '../../../migrations/0036-volunteer-shifts.ts';
import * as appointments from '../../../migrations/0037-appointments.ts';
import * as activityLeaders from '../../../migrations/0038-activity-leaders.ts';
import * as training from '../../../migrations/0040-training.ts';
import * as expertInvitations from '../../../migrations/0042-expert-invitations.ts';
import * as emergency from '../../../migrations/0043-emergency.ts';
import * as debunks from '../../../migrations/0045-debunks.ts';
import * as rumourScreenshots from '../../../migrations/0046-rumour-screenshots.ts';
import * as hotspots from '../../../migrations/0047-hotspots.ts';
import * as searchTypeNewest from '../../../migrations/0048-search-type-newest.ts';
import * as worksNewest from '../../../migrations/0049-works-newest.ts';
import type { DbHandle } from './connect.ts';

/** Migrations in order; each takes the dialect for the few places where SQL differs. */
const MIGRATIONS = {
  '0001-foundation': foundation,
  '0002-search': search,
  '0003-works': works,
  '0004-media-collections': mediaCollections,
  '0005-search-scale': searchScale,
  '0006-reviews': reviews,
  '0007-bases': bases,
  '0008-review-subjects': reviewSubjects,
  '0009-base-cooperations': cooperations,
  '0010-search-tiers': searchTiers,
  '0011-search-work-types': searchWorkTypes,
  '0012-audit-key': auditKey,
  '0013-account-safety': accountSafety,
  '0014-jobs': jobs,
  '0015-notifications': notifications,
  '0016-form-values': formValues,
  '0017-demo-sign-in': demoSignIn,
  '0018-search-pages-only': searchPagesOnly,
  '0019-public-calls': publicCalls,
  '0020-site-calendar': siteCalendar,
  '0021-activities': activities,
  '0022-activity-organiser': activityOrganiser,
  '0024-official-holidays-and-named-people': officialHolidays,
  '0025-check-in-modes': checkInModes,
  '0026-activity-feedback': activityFeedback,
  '0027-activity-groups': activityGroups,
  '0028-youth-squads': youthSquads,
  '0029-open-days': openDays,
  '0030-check-in-scan-registration': checkInScanRegistration,
  '0031-expert-directory': expertDirectory,
  '0033-certificates': certificates,
  '0035-volunteers': volunteers,
  '0036-volunteer-shifts': volunteerShifts,
  '0037-appointments': appointments,
  '0038-activity-leaders': activityLeaders,
  '0040-training': training,
  '0042-expert-invitations': expertInvitations,
  '0043-emergency': emergency,
  '0045-debunks': debunks,
  '0046-rumour-screenshots': rumourScreenshots,
  '0047-hotspots': hotspots,
  '0048-search-type-newest': searchTypeNewest,
  '0049-works-newest': worksNewest,
};

/** Every migration this version knows, in order (a backup names those it was taken at). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

class ListProvider implements MigrationProvider {
  constructor(private readonly dialect: DbHandle['dialect']) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return out;
  }
}

function migrator(handle: DbHandle): Migrator {
  return new Migrator({
    db: handle.db,
    provider: new ListProvider(handle.dialect),
    migrationTableName: 'kepu_migrations',
    migrationLockTableName: 'kepu_migrations_lock',
  });
}

/** Brings the schema to the latest version; returns the names of the migrations it applied. */
export async function migrateToLatest(handle: DbHandle): Promise<string[]> {
  const { error, results } = await migrator(handle).migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Brings the schema up to the named migration (tests of a migration over existing data). */
export async function migrateTo(
  handle: DbHandle,
  name: keyof typeof MIGRATIONS,
): Promise<string[]> {
  const { error, results } = await migrator(handle).migrateTo(name);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
