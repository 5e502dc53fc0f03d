import { sql } from 'kysely';
import { createOrganisation } from '#modules/organisations/service.ts';
import { currentPolicy, recordConsent, seedPolicyDocuments } from '#modules/privacy/service.ts';
import { seedReferenceData } from '#modules/reference/service.ts';
import { seedVocabulary } from '#modules/search/service.ts';
import { passwordlessUserRow } from '#modules/users/repo.ts';
import { grantRole } from '#modules/users/service.ts';
import { type RequestContext, recordAudit } from '#platform/audit.ts';
import type { DbHandle } from '#platform/db/connect.ts';
import { newId, nowIso } from '#platform/ids.ts';
import type { Actor } from '#platform/policy.ts';
import { searchEngineFor } from '#platform/search/engine.ts';
import type { Storage } from '#platform/storage/storage.ts';
import { seedDemoActivities } from './demo/activities.ts';
import { seedDemoAppointments } from './demo/appointments.ts';
import { seedDemoBases } from './demo/bases.ts';
import { seedDemoCalls } from './demo/calls.ts';
import { demoClock } from './demo/clock.ts';
import { seedDemoDebunks } from './demo/debunks.ts';
import { seedDemoEmergency } from './demo/emergency.ts';
import { seedDemoFacilities, seedDemoOpenDays } from './demo/facilities.ts';
import { seedDemoHotspots } from './demo/hotspots.ts';
import { DEMO_ORGS, DEMO_PEOPLE } from './demo/organisations.ts';
import { seedDemoSquads } from './demo/squads.ts';
import { seedDemoTraining } from './demo/training.ts';
import { seedDemoVolunteers } from './demo/volunteers.ts';
import { seedDemoWorks } from './demo/works.ts';

/** Seeding acts as the platform itself: full rights, audited with no human actor. */
const SYSTEM: Actor = {
  userId: 'system',
  username: 'system',
  grants: [{ id: 'system', role: 'PLATFORM_ADMIN', organisationId: null, orgPath: null }],
  mfaPassed: true,
};

export const ROOT_NAME = '自然资源部';

/** Reference data, divisions and the ministry root: what every installation starts from. */
export async function seedBase(
  handle: DbHandle,
): Promise<{ items: number; divisions: number; rootId: string }> {
  const { db } = handle;
  const counts = await seedReferenceData(db);
  await seedVocabulary(db, handle.dialect);
  await seedPolicyDocuments(db);
  let root = await db
    .selectFrom('organisations')
    .select('id')
    .where('parentId', 'is', null)
    .executeTakeFirst();
  if (!root) {
    const id = newId();
    const at = nowIso();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('organisations')
        .values({
          id,
          tree: 'ADMIN',
          type: 'MINISTRY',
          name: ROOT_NAME,
          nameEn: 'Ministry of Natural Resources',
          shortName: '自然资源部',
          parentId: null,
          path: `/${id}/`,
          depth: 0,
          divisionCode: null,
          active: 1,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      await recordAudit(
        tx,
        { actorId: null, ip: null, dialect: handle.dialect },
        {
          action: 'organisation.create',
          entityType: 'organisation',
          entityId: id,
          organisationId: id,
          detail: { name: ROOT_NAME, seed: true },
        },
      );
      await searchEngineFor(db, handle.dialect).index(tx, 'organisation', [id]);
    });
    root = { id };
  }
  return { ...counts, rootId: root.id };
}

/** The person `demo logins` signs in for each role (usernames in demo/organisations.ts). */
export const DEMO_ROLES = {
  public: 'wang.xiaoming',
  baseStaff: 'li.na',
  province: 'zhang.wei',
  expert: 'wang.qiang',
  office: 'zhou.min',
} as const;

/**
 * A believable year in Chinese (demo/): units in fourteen provinces, people in every role, the
 * library with covers and files, thirty named bases, an open naming call with an application at
 * every stage and last round's call through its 公示. Its dates count from today; its content is
 * the same on every fresh start. Skipped when organisations beyond the root exist already.
 */
export async function seedDemo(
  handle: DbHandle,
  storage?: Storage,
  now = Date.now(),
): Promise<{ organisations: number; people: number; works: number; bases: number }> {
  const { db } = handle;
  const { rootId } = await seedBase(handle);
  const existing = await db
    .selectFrom('organisations')
    .select('id')
    .where('parentId', '=', rootId)
    .executeTakeFirst();
  if (existing) return { organisations: 0, people: 0, works: 0, bases: 0 };
  // Hundreds of small transactions into an empty database: on SQLite each would wait for its own
  // fsync. NORMAL (WAL) syncs at checkpoints instead; the checkpoint at the end makes it durable.
  // A crash midway leaves only demo data.
  if (handle.dialect === 'sqlite') await sql`PRAGMA synchronous = NORMAL`.execute(db);
  try {
    return await seedDemoWorld(handle, storage, now, rootId);
  } finally {
    if (handle.dialect === 'sqlite') {
      await sql`PRAGMA wal_checkpoint(FULL)`.execute(db);
      await sql`PRAGMA synchronous = FULL`.execute(db);
    }
  }
}

async function seedDemoWorld(
  handle: DbHandle,
  storage: Storage | undefined,
  now: number,
  rootId: string,
) {
  const { db } = handle;
  const clock = demoClock(now);
  const ctx: RequestContext = { actorId: null, ip: null, dialect: handle.dialect };
  const ids: Record<string, string> = { root: rootId };
  for (const o of DEMO_ORGS) {
    const created = await createOrganisation(db, SYSTEM, ctx, {
      parentId: ids[o.parent]!,
      tree: o.tree,
      type: o.type,
      name: o.name,
      nameEn: o.nameEn,
      divisionCode: o.divisionCode,
    });
    ids[o.key] = created.id;
  }
  const people: Record<string, { id: string; orgId: string }> = {};
  // The demo people read and accepted the current policy and agreement when they joined.
  const [privacy, terms] = await Promise.all([
    currentPolicy(db, 'PRIVACY'),
    currentPolicy(db, 'TERMS'),
  ]);
  await db.transaction().execute(async (tx) => {
    for (const p of DEMO_PEOPLE) {
      const at = nowIso();
      const id = newId();
      const orgId = p.org ? ids[p.org]! : null;
      people[p.username] = { id, orgId: orgId ?? '' };
      await tx
        .insertInto('users')
        .values(
          passwordlessUserRow({
            id,
            username: p.username,
            displayName: p.displayName,
            at,
            birthYear: p.birthYear ?? null,
            homeOrganisationId: orgId,
          }),
        )
        .execute();
      if (p.role && orgId) await grantRole(tx, id, p.role, orgId, null);
      await recordConsent(tx, id, {
        privacyVersion: privacy?.version ?? 1,
        termsVersion: terms?.version ?? 1,
      });
      await recordAudit(tx, ctx, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        organisationId: orgId,
        detail: { username: p.username, role: p.role ?? undefined, seed: true },
      });
    }
  });
  const works = await seedDemoWorks(handle, storage, people, now);
  const bases = await seedDemoBases(handle, storage, clock, ids, people['zhou.min']!.id);
  await seedDemoCalls(handle, storage, clock, ids, people);
  const facilityIds = await seedDemoFacilities(handle, SYSTEM, ids);
  await seedDemoActivities(handle, clock, SYSTEM, ids, people, facilityIds);
  await seedDemoOpenDays(handle, clock, SYSTEM, ids, facilityIds, people);
  await seedDemoSquads(handle, clock, ids, people);
  await seedDemoAppointments(handle, storage, clock, ids, people);
  await seedDemoTraining(handle, clock, ids, people);
  await seedDemoVolunteers(handle, clock, ids, people);
  await seedDemoEmergency(handle, clock, ids, people);
  await seedDemoDebunks(handle, clock, ids, people);
  await seedDemoHotspots(handle);
  await db
    .insertInto('demoWorld')
    .values({
      id: 'demo',
      seededOn: clock.today,
      people: JSON.stringify(
        Object.fromEntries(Object.entries(DEMO_ROLES).map(([role, u]) => [role, people[u]!.id])),
      ),
      createdAt: nowIso(),
    })
    .execute();
  return {
    organisations: DEMO_ORGS.length,
    people: DEMO_PEOPLE.length,
    works,
    bases: bases + 4,
  };
}
