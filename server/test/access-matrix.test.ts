import { describe } from 'vitest';
import { accountsTable } from './access/accounts.ts';
import { activitiesTable } from './access/activities.ts';
import { appointmentsTable } from './access/appointments.ts';
import { auditTable } from './access/audit.ts';
import { basesTable } from './access/bases.ts';
import { certificatesTable } from './access/certificates.ts';
import { collectionsTable } from './access/collections.ts';
import { debunksTable } from './access/debunks.ts';
import { emergencyTable } from './access/emergency.ts';
import { expertInvitationsTable } from './access/expert-invitations.ts';
import { expertsTable } from './access/experts.ts';
import { facilitiesTable } from './access/facilities.ts';
import { healthTable } from './access/health.ts';
import { hotspotsTable } from './access/hotspots.ts';
import { jobsTable } from './access/jobs.ts';
import { joinsTable } from './access/joins.ts';
import { mediaTable } from './access/media.ts';
import { notificationsTable } from './access/notifications.ts';
import { organisationsTable } from './access/organisations.ts';
import { privacyTable } from './access/privacy.ts';
import { recordTable } from './access/record.ts';
import { referenceTable } from './access/reference.ts';
import { reviewsTable } from './access/reviews.ts';
import { runAccessMatrix } from './access/runner.ts';
import { searchTable } from './access/search.ts';
import { siteTable } from './access/site.ts';
import { squadsTable } from './access/squads.ts';
import { todosTable } from './access/todos.ts';
import { trainingTable } from './access/training.ts';
import { usersTable } from './access/users.ts';
import { volunteersTable } from './access/volunteers.ts';
import { worksTable } from './access/works.ts';
import { DIALECTS } from './helpers.ts';

/**
 * Role × route × owner: every actor against every API route, one table per module
 * (`access/<module>.ts`, rows as a function of the world in `access/world.ts`). A route no table
 * covers fails the first test. Tables run in this order, each row for every actor.
 */
const TABLES = [
  healthTable,
  accountsTable,
  todosTable,
  notificationsTable,
  organisationsTable,
  usersTable,
  joinsTable,
  squadsTable,
  volunteersTable,
  certificatesTable,
  trainingTable,
  debunksTable,
  recordTable,
  hotspotsTable,
  // Before privacy: its rows publish new documents, and fresh public users then need consent.
  activitiesTable,
  facilitiesTable,
  privacyTable,
  siteTable,
  referenceTable,
  searchTable,
  worksTable,
  mediaTable,
  collectionsTable,
  reviewsTable,
  expertsTable,
  appointmentsTable,
  emergencyTable,
  basesTable,
  auditTable,
  jobsTable,
  // Last: its acceptance row changes roles (and undoes each change before the next actor's call).
  expertInvitationsTable,
];

/** Routes whose callers are tested elsewhere (they change who is signed in): accounts, demo. */
const ELSEWHERE = [
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/totp/setup',
  'POST /api/auth/totp/confirm',
  'POST /api/auth/password',
  'POST /api/auth/recovery-codes',
  'POST /api/auth/password-reset/check',
  'POST /api/auth/password-reset',
  'POST /api/auth/sign-in-link',
  'DELETE /api/me',
  'POST /api/setup',
  'GET /api/openapi.json',
];

describe.each(DIALECTS)('access matrix on %s', (dialect) => {
  runAccessMatrix(dialect, TABLES, ELSEWHERE);
});
